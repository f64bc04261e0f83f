import pytest

from fbss_guide.guide.markup import Bold, Cite, Link, MarkupError, Placeholder, Text, parse, to_html


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
        ("Broken marker [@Bad_Id]", "broken citation"),
        ("Cite twice [@a; @a]", "twice"),
        ("Unknown {placeholder}", "unknown placeholder"),
        ("Stray } brace", "curly braces"),
    ],
)
def test_rejects_unsafe_or_broken_markup(source: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        parse(source)


@pytest.mark.parametrize(
    "address", ["javascript:alert%281%29", "data:text/html;base64,PHA+", "file:///etc/passwd"]
)
def test_link_with_a_refused_scheme_is_refused_by_the_scheme_check(address: str) -> None:
    """The address is well formed (no brackets or spaces), so the scheme check, not the
    broken-link rule, is what refuses it, and the message names the address."""
    with pytest.raises(MarkupError) as refused:
        parse(f"A [link]({address}) here")
    message = str(refused.value)
    assert message.startswith(f"link '{address}' must start with https://"), message
    assert "broken link" not in message
    # The same link with an allowed scheme passes: only the scheme was wrong.
    parse(f"A [link](https://example.org/{address.split(':', 1)[1].lstrip('/')}) here")


def test_less_than_in_plain_text_is_allowed_and_escaped() -> None:
    assert str(to_html(parse("pain < 3 of 10"), cite, {})) == "pain &lt; 3 of 10"
