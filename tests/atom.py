"""What RFC 4287 asks of an Atom feed, checked on the bytes a feed view returns."""

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def assert_valid_atom(content: bytes) -> list:
    """Assert the feed has an id, a title, updated and an author (or one on every entry,
    RFC 4287 4.1.1), and every entry an id, a title, updated and an alternate link
    (4.1.2); entry ids are unique (4.2.6). Returns the entries."""
    feed = etree.fromstring(content)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, f"feed needs one atom:{tag}"
    entries = feed.findall(f"{ATOM}entry")
    has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, f"entry needs one atom:{tag}"
            assert entry.findtext(f"{ATOM}{tag}").strip()
        links = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(links) == 1 and links[0].get("href").startswith("http")
        assert has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return entries
