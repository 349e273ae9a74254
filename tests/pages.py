"""The fields a browser would send from a page's edit form: what tests post, as a person would."""

from html.parser import HTMLParser

from django.http import QueryDict


class FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.data = [], None
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.data = QueryDict(mutable=True)
            self.forms.append(self.data)
        if self.data is None:
            return
        if tag == "option" and self.select and "selected" in attrs:
            self.data.appendlist(self.select, attrs.get("value", ""))
        if "name" not in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.appendlist(attrs["name"], attrs.get("value", "on"))
            elif kind not in ("submit", "button"):
                self.data.appendlist(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data.appendlist(self.textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.data = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that follows <textarea>.
            values = self.data.getlist(self.textarea)
            values[-1] = values[-1].removeprefix("\n")
            self.data.setlist(self.textarea, values)
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.data is not None:
            values = self.data.getlist(self.textarea)
            values[-1] += data
            self.data.setlist(self.textarea, values)


def form_data(response):
    """What the page's edit form (the one carrying the association's version) would send, as a
    mutable QueryDict."""
    reader = FormReader()
    reader.feed(response.content.decode())
    for data in reader.forms:
        if "version" in data or "loaded_version" in data:
            return data
    raise AssertionError("No edit form on the page.")
