"""Three places where citeproc-py 0.11.1 departs from the CSL 1.0.2 specification, set right.

The shipped styles (APA 7, Chicago 18 author-date, MLA 9) rely on all three:

* `cs:label` is rendered only when its variable has a value (spec, "Label"): Chicago printed a stray
  "Edition." for every newspaper article;
* `initialize="false"` on `cs:name` keeps given names whole (spec, "Name-part Formatting"): Chicago and
  MLA printed "Khan, S." for "Shahbaz Khan";
* variables rendered through `cs:substitute` are suppressed in the rest of the entry (spec,
  "Substitute"), also when the substitute is a macro: APA and MLA printed an article without an author
  with its title twice ("Budget talks. (1987). Budget talks. Reuters.").

Installed once, on first use, by `archive.citations.formatting`; checked by tests/citations/.
"""

from __future__ import annotations

import threading

from citeproc import model

_installed = False
_install_lock = threading.Lock()
_recording = threading.local()  # a stack of sets of (tag, variable) rendered inside cs:substitute


def install() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        _patch_label()
        _patch_initialize()
        _patch_substitute()
        _installed = True


def _patch_label() -> None:
    original = model.Label.process

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and variable is None:
            try:
                value = item.reference[name.replace("-", "_")]
            except model.VariableError:
                return None
            if value in (None, ""):
                return None
        return original(self, item, variable=variable, plural=plural, context=context, **kwargs)

    model.Label.process = process


def _patch_initialize() -> None:
    original = model.Name.initialize

    def initialize(self, given, mark, context):
        if self.get("initialize", "true") == "false":
            return given
        return original(self, given, mark, context)

    model.Name.initialize = initialize


def _patch_substitute() -> None:
    original_variable = model.Text._variable
    original_render = model.Substitute.render

    def _variable(self, item, context):
        text = original_variable(self, item, context)
        stack = getattr(_recording, "stack", None)
        if stack and text is not None and str(text):
            stack[-1].add((self.tag, self.get("variable")))
        return text

    def render(self, item, context=None, **kwargs):
        stack = _recording.__dict__.setdefault("stack", [])
        stack.append(set())
        try:
            text = original_render(self, item, context=context, **kwargs)
        finally:
            rendered = stack.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in rendered:
                repressed.setdefault(tag, []).append(variable)
        return text

    model.Text._variable = _variable
    model.Substitute.render = render
