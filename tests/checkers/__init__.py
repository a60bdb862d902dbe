"""The real checkers the suite runs on our pages: axe-core in headless Chromium, the Nu HTML Checker and
html-metadata (the embedded-metadata scraper of Wikipedia's Citoid).

All come from the npm packages pinned in `tests/tools/package.json`, which `make test` installs
(`npm ci` into `tests/tools/node_modules`); the Nu checker runs on Java (Debian's, which `make test`
installs when missing).
"""
