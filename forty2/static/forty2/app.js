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

  document.addEventListener("DOMContentLoaded", function () {
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
    document.addEventListener("click", function (event) {
      if (!event.target.closest("details[data-menu]")) { closeMenus(null); }
    });
  });
})();
