"""Where the CLI finds the readability table and HTML report; they live in
fbss_guide.readability.report with the rest of the readability package."""

from fbss_guide.readability.report import measure_note, print_table, write_report

__all__ = ["measure_note", "print_table", "write_report"]
