""""First name large": the name I go by very large, my full name smaller beneath."""

from nametag_checks import finds, pdf_text, text_by_position

from netpwa.cards.models import CardProfile
from netpwa.extensions import db
from netpwa.nametags.layout import FULL_NAME, NAME, STYLE_FIRST, TagData, name_tag
from netpwa.nametags.stock import catalogue


def test_the_name_i_go_by_prints_large_over_my_full_name(auth, client):
    user_id = auth.as_new_user()
    with client.application.app_context():
        db.session.add(CardProfile(owner_id=user_id, name="Maximilian Alexander von Hohenzollern",
                                   preferred_name="Max"))
        db.session.commit()
    page = client.get("/tags?style=first")
    assert page.status_code == 200 and 'value="first" selected' in page.get_data(as_text=True)
    pdf = client.get("/tags/me.pdf?style=first")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert finds(text, "Max") and finds(text, "Maximilian Alexander von Hohenzollern")
    runs = text_by_position(pdf.data)[0]
    max_y = next(y for _x, y, run in runs if run.strip() == "Max")
    full_y = next(y for _x, y, run in runs if "Maximilian" in run)
    assert max_y < full_y  # the first name above, the full name beneath


def test_the_card_form_has_the_name_i_go_by(auth, client):
    user_id = auth.as_new_user()
    with client.application.app_context():
        db.session.add(CardProfile(owner_id=user_id, name="Ana Costa", preferred_name="Annie"))
        db.session.commit()
    page = client.get("/card").get_data(as_text=True)
    assert '<label for="card-preferred_name">The name I go by</label>' in page
    assert 'value="Annie"' in page


def test_without_a_preferred_name_the_given_name_is_large():
    stock = catalogue()["avery-5395"]
    tag = name_tag(TagData("Priyanka Chakraborty-Subramaniam"), stock, style=STYLE_FIRST)
    assert tag.block(NAME).fit.lines == ("Priyanka",)
    assert tag.block(FULL_NAME) is not None
    assert tag.block(NAME).fit.size > 2 * tag.block(FULL_NAME).fit.size
    one_word = name_tag(TagData("Cher"), stock, style=STYLE_FIRST)
    assert one_word.block(FULL_NAME) is None


def test_the_tags_page_previews_with_small_web_fonts(auth, client):
    """/tags preloads the name's WOFF2 font; the stylesheet never blocks text and serves the
    screen WOFF2 subsets (TrueType only for CJK and emoji, fetched when a tag needs them)."""
    auth.as_new_user()
    page = client.get("/tags").get_data(as_text=True)
    assert 'rel="preload" href="/static/fonts/tags/NotoSans-Bold.woff2" as="font"' in page
    with client.get("/static/css/nametags.css") as response:
        css = response.get_data(as_text=True)
    assert "font-display: block" not in css and css.count("font-display: swap") >= 9
    assert "NotoSans-Bold.ttf" not in css and "NotoSans-Regular.ttf" not in css
    with client.get("/static/fonts/tags/NotoSans-Bold.woff2") as woff2:
        assert woff2.status_code == 200 and woff2.data[:4] == b"wOF2"
        assert len(woff2.data) < 100_000
