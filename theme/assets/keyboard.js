/* Keyboard access to Material's header buttons that are <label>s for hidden checkboxes
 * (the navigation drawer and, on phones, the search box). header.html makes them
 * focusable (role="button", tabindex="0"); Material presses a focused label on Enter,
 * this adds Space, as for a <button>, and moves focus into the drawer once it is open
 * so the next Tab walks the navigation.
 */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.hasAttribute("data-keyboard-button")) return;
    if (event.key === " ") {
      event.preventDefault(); // no page scroll
      target.click();
    } else if (event.key !== "Enter") {
      return;
    }
    if (target.getAttribute("for") === "__drawer") {
      window.setTimeout(function () {
        var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
        if (first && document.getElementById("__drawer").checked) first.focus();
      }, 0);
    }
  });
})();
