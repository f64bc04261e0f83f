"""`fbss-guide check`: the content and catalog gates, readability, built PDFs."""

from __future__ import annotations

import argparse

from fbss_guide.cli.exit_codes import EXIT_OK, report_problems


def run_check(args: argparse.Namespace) -> int:
    from fbss_guide.engine.checking import check_sources
    from fbss_guide.project.project_file import load_project

    project = load_project(args.project)
    result = check_sources(
        args.content or project.content_dir,
        args.locales or project.locales_dir,
        args.lang,
        [spec.format for spec in project.editions],
    )
    problems = result.problems
    if args.readability and result.readability is not None:
        from fbss_guide.readability.report import print_table, write_report

        print_table(result.readability)
        out = args.out or project.out_dir
        print(f"\nreadability report: {write_report(result.readability, out)}")
    if args.pdf:
        from fbss_guide.checks.outputs import check_output_dir

        results, pdf_problems = check_output_dir(args.pdf)
        print(f"{'PDF':<52}{'pages':>6}{'body pt':>9}{'min pt':>8}{'contrast':>10}  result")
        for pdf in results:
            verdict = "pass" if not pdf.problems else "FAIL"
            print(
                f"{pdf.path.relative_to(args.pdf)!s:<52}{pdf.pages:>6}"
                f"{pdf.body_pt:>9}{pdf.smallest_pt:>8}{pdf.lowest_contrast:>9}:1"
                f"  {verdict}"
            )
        problems += pdf_problems
    status = report_problems(problems)
    if status == EXIT_OK:
        print(f"content and catalogs OK ({len(problems)} warning(s))")
    return status
