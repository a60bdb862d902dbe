// The reader's selection (archive/selection.py): article ids kept in this browser (localStorage), in the order
// picked; "Selected (N)" in the site's navigation links to /selected/?ids=…, where they are read and exported.
// Without script, a search page's "Select" boxes send that page's ticks to /selected/ (the form below the results).
(function () {
  var KEY = "archive-selection";
  var link = document.querySelector("[data-selection-link]");
  if (!link || !window.localStorage) { return; }
  var limit = parseInt(link.getAttribute("data-limit"), 10);
  var base = link.getAttribute("href");
  var count = link.querySelector("[data-selection-count]");
  var status = document.querySelector("[data-selection-status]");
  var onListPage = document.querySelector("[data-selection-page]") !== null;
  var selectAll = document.querySelector("[data-select-all]");

  function read() {
    try {
      var ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return /^[0-9]+$/.test(id); }) : [];
    } catch (error) { return []; }
  }
  function write(ids) {
    try {
      if (ids.length) { localStorage.setItem(KEY, JSON.stringify(ids)); } else { localStorage.removeItem(KEY); }
    } catch (error) { /* storage full or refused: the page still works for this visit */ }
  }
  function show(ids) {
    link.hidden = ids.length === 0;
    count.textContent = ids.length;
    link.href = ids.length ? base + "?ids=" + ids.join(",") : base;
    var boxes = document.querySelectorAll("[data-select]");
    var ticked = 0;
    boxes.forEach(function (box) {
      box.checked = ids.indexOf(box.value) !== -1;
      if (box.checked) { ticked += 1; }
    });
    if (selectAll) {
      selectAll.hidden = boxes.length < 2;
      selectAll.textContent = boxes.length && ticked === boxes.length ? "Unselect all on this page" : "Select all on this page";
    }
  }
  function announce(ids) {
    if (status) { status.textContent = ids.length + (ids.length === 1 ? " article selected" : " articles selected"); }
  }
  function note(box, text) {
    var label = box.closest("label") || box;  // a result's box (in its label), or the "Select all" button
    var shown = label.parentNode.querySelector(".selection-note");
    if (!text) { if (shown) { shown.remove(); } return; }
    if (!shown) {
      shown = document.createElement("span");
      shown.className = "selection-note";
      shown.setAttribute("role", "alert");
      label.insertAdjacentElement("afterend", shown);
    }
    shown.textContent = text;
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-select]")) { return; }
    var ids = read();
    var at = ids.indexOf(box.value);
    if (box.checked && at === -1) {
      if (ids.length >= limit) {
        note(box, "Not selected: a list holds at most " + limit + " articles.");
      } else {
        ids.push(box.value);
      }
    } else if (!box.checked && at !== -1) {
      ids.splice(at, 1);
      note(box, "");
    }
    write(ids);
    show(ids);
    announce(ids);
  });
  if (selectAll) {
    selectAll.addEventListener("click", function () {
      var ids = read();
      var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-select]"));
      var all = boxes.every(function (box) { return ids.indexOf(box.value) !== -1; });
      var left = 0;
      boxes.forEach(function (box) {
        var at = ids.indexOf(box.value);
        if (all && at !== -1) {
          ids.splice(at, 1);
        } else if (!all && at === -1) {
          if (ids.length < limit) { ids.push(box.value); } else { left += 1; }
        }
      });
      note(selectAll, left ? left + (left === 1 ? " article" : " articles") + " on this page not selected: a list holds at most " + limit + " articles." : "");
      write(ids);
      show(ids);
      announce(ids);
    });
  }
  document.querySelectorAll("[data-selection-clear]").forEach(function (button) {
    // Shown when there is something to clear: a stored selection, or the list this page shows.
    button.hidden = read().length === 0 && !document.querySelector("[data-selection-remove]");
    button.addEventListener("click", function () {
      write([]);
      if (onListPage) { window.location.href = base; } else { show([]); }
    });
  });
  // "Remove" on /selected/ is a link to the list without the article; the browser's selection follows it.
  document.addEventListener("click", function (event) {
    var remove = event.target.closest && event.target.closest("[data-selection-remove]");
    if (!remove) { return; }
    var ids = read();
    var at = ids.indexOf(remove.getAttribute("data-selection-remove"));
    if (at !== -1) { ids.splice(at, 1); write(ids); }
  });
  // With script the navigation holds the whole selection, across pages and searches: the one-page form gives way.
  var form = document.getElementById("selection-form");
  if (form) { form.hidden = true; }
  document.querySelectorAll("[data-select-label]").forEach(function (label) { label.hidden = false; });
  window.addEventListener("storage", function (event) { if (event.key === KEY) { show(read()); } });
  // After "Remove" the page says what was removed: the focus goes there, not back to the top of the page.
  var said = document.querySelector("[data-focus-on-load]");
  if (said) { said.focus(); }
  var stored = read();
  if (document.querySelector("[data-selection-unasked]") && stored.length) {
    window.location.replace(base + "?ids=" + stored.join(","));  // /selected/ typed or bookmarked: this browser's list
    return;
  }
  var page = document.querySelector("[data-selection-page]");
  var asked = new URLSearchParams(window.location.search).get("ids");
  if (page && asked !== null && asked === stored.join(",")) {
    // This browser's own list, read by the server: the articles it no longer holds (deleted, unpublished) leave
    // the list and its count. A list someone sent is theirs: this browser's is left as it was.
    var found = page.getAttribute("data-selection-page").split(",");
    var kept = stored.filter(function (id) { return found.indexOf(id) !== -1; });
    if (kept.length !== stored.length) { write(kept); stored = kept; }
  }
  show(stored);
})();
