/* 长辈版 (elder mode): large text, high contrast, big tap targets.
 *
 * Loaded in <head> without defer so the saved choice is applied before the first paint.
 * The choice is kept in localStorage and shared by every page (and open tab) of the site;
 * the header button reports its state with aria-pressed.
 */
(function () {
  "use strict";
  var KEY = "campaign-site.elder";
  var root = document.documentElement;

  function saved() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (e) {
      return false; // storage blocked (private mode): the toggle still works for this page
    }
  }

  function apply(on) {
    root.classList.toggle("elder", on);
    var buttons = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function toggle() {
    var on = !root.classList.contains("elder");
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch (e) {
      /* not remembered, but applied */
    }
    apply(on);
  }

  root.classList.add("elder-ready");
  apply(saved());
  document.addEventListener("DOMContentLoaded", function () {
    apply(saved() || root.classList.contains("elder"));
    var buttons = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", toggle);
    }
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) apply(event.newValue === "on");
  });
})();
