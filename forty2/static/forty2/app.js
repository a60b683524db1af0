// Forty2: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }

  // Live filtering (HTMX): leave empty filters out of the request, so the pushed URL stays short and shareable.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.matches || !event.detail.elt.matches("form.filters")) { return; }
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) { if (params[key] === "") { delete params[key]; } });
  });

  // Bulk edit (web/records/_bulk.html): "All" ticks every row of the page; unticking a row unticks "All" (the
  // server takes every id of the page while "All" is ticked). Delegated, so rows htmx swaps in are covered.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches) { return; }
    if (box.matches("input[data-bulk-all]")) {
      document.querySelectorAll("input[data-bulk-row][form='" + box.getAttribute("form") + "']").forEach(function (row) {
        row.checked = box.checked;
      });
    } else if (box.matches("input[data-bulk-row]") && !box.checked) {
      var all = document.querySelector("input[data-bulk-all][form='" + box.getAttribute("form") + "']");
      if (all) { all.checked = false; }
    }
  });

  // Tables wider than the page scroll sideways inside .table-wrap: say so visibly, and make the wrapper a
  // named region that keyboard users can focus and scroll with the arrow keys (WCAG 2.1.1).
  function markScrollableTables(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var hint = wrap.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "Scroll sideways to see every column →";
        wrap.parentNode.insertBefore(hint, wrap);
      }
      hint.classList.toggle("scroll-hint--on", scrolls);
      if (scrolls) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", ((caption && caption.textContent.trim()) || "Table") + " (scrolls sideways)");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  // On a phone each table row reads as a card, each cell under its column's name (app.css, "phones"): the name
  // comes from the header row, unless the template wrote a data-label itself.
  function headerText(th) {
    var copy = th.cloneNode(true);
    copy.querySelectorAll("[aria-hidden='true'], .visually-hidden, input").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function labelTableCells(root) {
    (root || document).querySelectorAll("table.table").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) { return; }
      var names = [];
      Array.prototype.forEach.call(head.cells, function (th) {
        var text = headerText(th);
        for (var i = 0; i < (th.colSpan || 1); i++) { names.push(text); }
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && cell.colSpan < names.length) {
              cell.setAttribute("data-label", names[column] || "");
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  // The section menu folds into a "Menu" button on a phone (closed on load there; open on a wider screen).
  var phone = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  function foldSectionMenu() {
    document.querySelectorAll("details[data-sidenav]").forEach(function (menu) {
      if (phone && phone.matches) { menu.removeAttribute("open"); } else { menu.setAttribute("open", ""); }
    });
  }
  if (phone && phone.addEventListener) { phone.addEventListener("change", foldSectionMenu); }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { markScrollableTables(); }, 150);
  });
  document.addEventListener("htmx:afterSettle", function () { labelTableCells(); markScrollableTables(); });

  // A file whose name is over 255 characters is refused by the server (over about 950 the form cannot even be
  // read, and what was typed is lost): say so beside the file field before sending, naming the problem.
  var MAX_FILE_NAME = 255;
  function fileNameProblem(input) {
    var long = Array.prototype.filter.call(input.files || [], function (f) { return f.name.length > MAX_FILE_NAME; });
    return long.length ? "The file name is too long (" + long[0].name.length + " characters; at most " +
      MAX_FILE_NAME + "). Rename the file and choose it again." : "";
  }
  function showFileNameProblem(input) {
    var problem = fileNameProblem(input);
    var id = (input.id || input.name) + "-name-error";
    var shown = document.getElementById(id);
    if (!problem) {
      if (shown) {
        shown.remove();
        input.removeAttribute("aria-invalid");
        var rest = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== id; });
        if (rest.length) { input.setAttribute("aria-describedby", rest.join(" ")); } else { input.removeAttribute("aria-describedby"); }
      }
      return true;
    }
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "field-error";
      shown.id = id;
      input.parentNode.insertBefore(shown, input);
    }
    shown.textContent = problem;
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(id) < 0) { input.setAttribute("aria-describedby", described.concat(id).join(" ")); }
    return false;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file]")) { showFileNameProblem(event.target); }
  });
  document.addEventListener("submit", function (event) {
    var bad = Array.prototype.filter.call(event.target.querySelectorAll("input[type=file]"), function (input) {
      return !showFileNameProblem(input);
    });
    if (bad.length) { event.preventDefault(); bad[0].focus(); }
  }, true);

  // Run on the first load, and again when htmx puts a whole page back on history navigation (Back/Forward).
  function init() {
    labelTableCells();
    foldSectionMenu();
    markScrollableTables();

    // Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }

    // Warn before leaving a long form with unsaved changes.
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("change", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (event) {
        if (dirty) { event.preventDefault(); event.returnValue = ""; }
      });
    });

    // Error summary links: focus the field (or the first option of a group), not just scroll to it.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        if (control) { event.preventDefault(); target.scrollIntoView({block: "center"}); control.focus(); }
      });
    });

    // Menus built on <details>: one open at a time, Escape closes and returns focus, click outside closes.
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      menu.addEventListener("toggle", function () { if (menu.open) { closeMenus(menu); } });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.removeAttribute("open");
          menu.querySelector("summary").focus();
        }
      });
      menu.addEventListener("focusout", function (event) {
        if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) { menu.removeAttribute("open"); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:historyRestore", init);
  document.addEventListener("click", function (event) {
    if (!event.target.closest("details[data-menu]")) { closeMenus(null); }
  });
})();
