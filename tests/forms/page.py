"""Read a section page the way a browser does: the form's fields, their values and their labels.

``SectionPage.fill("实有在职人数", "12")`` finds the input by its <label> text (exactly), so a
test fails if a label is missing or wrong; ``data()`` is what the browser would post.
"""

import re
from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.template_depth = 0
        self.fields: list[dict] = []  # in document order: name, type, value, id, checked, options
        self.labels: list[tuple[str, str]] = []  # (text, for id)
        self._label = None
        self._textarea = None
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "data-section-form" in a:
            self.in_form = True
        if tag == "template":
            self.template_depth += 1
        if tag == "label":
            self._label = {"for": a.get("for", ""), "text": ""}
        if not self.in_form or self.template_depth:
            return
        if tag == "input" and a.get("name"):
            self.fields.append(
                {
                    "name": a["name"],
                    "type": a.get("type", "text"),
                    "value": a.get("value", ""),
                    "id": a.get("id", ""),
                    "checked": "checked" in a,
                    "disabled": "disabled" in a,
                }
            )
        elif tag == "textarea":
            self._textarea = {"name": a["name"], "type": "textarea", "value": "", "id": a.get("id", "")}
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = {"name": a["name"], "type": "select", "value": None, "id": a.get("id", ""), "first": None}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["value"] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "template":
            self.template_depth -= 1
        elif tag == "label" and self._label is not None:
            # crispy marks required fields with "*" inside the label
            self.labels.append((re.sub(r"[\s*]+", "", self._label["text"]), self._label["for"]))
            self._label = None
        elif tag == "textarea" and self._textarea is not None:
            if self._textarea["value"].startswith("\n"):  # as browsers do
                self._textarea["value"] = self._textarea["value"][1:]
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select["value"] is None:
                self._select["value"] = self._select["first"] or ""
            self._select = None

    def handle_data(self, data):
        if self._label is not None:
            self._label["text"] += data
        if self._textarea is not None:
            self._textarea["value"] += data


class SectionPage:
    def __init__(self, response):
        self.response = response
        self.html = response.content.decode()
        parser = _FormParser()
        parser.feed(self.html)
        self._fields = parser.fields
        self._labels = parser.labels
        self.values: dict[str, str | None] = {}
        for field in self._fields:
            if field["type"] in ("submit", "button"):
                continue
            if field["type"] == "checkbox":
                self.values[field["name"]] = "on" if field["checked"] else None
            else:
                self.values[field["name"]] = field["value"]

    def name_for(self, label: str) -> str:
        wanted = re.sub(r"\s+", "", label)
        ids = [for_id for text, for_id in self._labels if text == wanted]
        assert len(ids) == 1, f"expected one <label> “{label}”, found {len(ids)}"
        names = [f["name"] for f in self._fields if f["id"] == ids[0]]
        assert names, f"<label> “{label}” points at no field of the form"
        return names[0]

    def has(self, label: str) -> bool:
        wanted = re.sub(r"\s+", "", label)
        return any(text == wanted for text, _ in self._labels)

    def unlabelled(self) -> list[str]:
        """Names of visible fields that no <label> points at."""
        labelled = {for_id for _, for_id in self._labels}
        return [f["name"] for f in self._fields if f["type"] != "hidden" and f["id"] not in labelled]

    def value(self, label: str):
        return self.values[self.name_for(label)]

    def fill(self, label: str, value: str) -> "SectionPage":
        self.values[self.name_for(label)] = value
        return self

    def check(self, label: str, checked: bool = True) -> "SectionPage":
        self.values[self.name_for(label)] = "on" if checked else None
        return self

    def total_forms(self, prefix: str) -> int:
        return int(self.values[f"{prefix}-TOTAL_FORMS"])

    def data(self, button: str = "save") -> dict:
        data = {name: value for name, value in self.values.items() if value is not None}
        data[button] = "1"
        return data

    def text(self) -> str:
        return re.sub(r"<[^>]+>", "", self.html)
