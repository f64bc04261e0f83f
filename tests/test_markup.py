import pytest

from fbss_guide.markup import Bold, Cite, Link, MarkupError, Placeholder, Text, parse, to_html


def cite(ids: tuple[str, ...]) -> str:
    return "[" + ",".join(ids) + "]"


def test_parses_the_whole_subset() -> None:
    tokens = parse("Call {emergency}. **Go now** [@a-1; @b-2] or see [NHS](https://nhs.uk).")
    assert tokens == (
        Text("Call "),
        Placeholder("emergency"),
        Text(". "),
        Bold((Text("Go now"),)),
        Text(" "),
        Cite(("a-1", "b-2")),
        Text(" or see "),
        Link("NHS", "https://nhs.uk"),
        Text("."),
    )


def test_text_is_escaped() -> None:
    html = to_html(parse('Fish & "chips" > 2'), cite, {})
    assert str(html) == 'Fish &amp; "chips" &gt; 2'


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Some <b>bold</b> text", "raw HTML"),
        ("A <script>alert(1)</script>", "raw HTML"),
        ("An <!-- comment -->", "raw HTML"),
        ("**unbalanced bold", "unbalanced"),
        ("A [link](javascript:alert(1))", "must start with"),
        ("Broken marker [@Bad_Id]", "broken citation"),
        ("Cite twice [@a; @a]", "twice"),
        ("Unknown {placeholder}", "unknown placeholder"),
        ("Stray } brace", "curly braces"),
    ],
)
def test_rejects_unsafe_or_broken_markup(source: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        parse(source)


def test_less_than_in_plain_text_is_allowed_and_escaped() -> None:
    assert str(to_html(parse("pain < 3 of 10"), cite, {})) == "pain &lt; 3 of 10"
