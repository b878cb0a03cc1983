/* Keyboard access to Material's header buttons that are <label>s for hidden checkboxes
 * (the navigation drawer and, on phones, the search box). header.html puts a focusable
 * <span role="button" data-keyboard-button> inside each label; Enter and Space click the
 * label (which toggles its checkbox), as for a <button>, and once the drawer is open focus
 * moves into it so the next Tab walks the navigation.
 */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.hasAttribute("data-keyboard-button")) return;
    if (event.key !== " " && event.key !== "Enter") return;
    var label = target.closest("label[for]");
    if (!label) return;
    event.preventDefault(); // no page scroll on Space
    label.click();
    if (label.getAttribute("for") === "__drawer") {
      window.setTimeout(function () {
        var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
        if (first && document.getElementById("__drawer").checked) first.focus();
      }, 0);
    }
  });
})();
