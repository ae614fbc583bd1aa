// The phone navigation drawer from the keyboard (WCAG 2.1.1, 2.4.3, 4.1.2). Material's menu icon is a <label> of a hidden
// checkbox, which no keyboard reaches; it is replaced by a real button with a name and its state (aria-expanded). Opening
// the drawer from the keyboard moves focus into it, Escape closes it and gives focus back to the button. While closed, the
// drawer is out of the Tab order (trasparenza.css). The sections' toggles, which Material opens with Enter, open with
// Space too.
(function () {
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  Array.prototype.forEach.call(document.querySelectorAll("label.md-nav__link[tabindex][for]"), function (toggle) {
    toggle.addEventListener("keydown", function (e) {
      if (e.key === " ") {
        e.preventDefault();
        toggle.click();
      }
    });
  });
  if (!drawer || !label) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " menu-pulsante";
  button.setAttribute("aria-label", "Menu di navigazione");
  button.innerHTML = label.innerHTML;
  label.parentNode.replaceChild(button, label);
  function sync() { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }
  function set(open) {
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change"));
  }
  drawer.addEventListener("change", sync);
  sync();
  button.addEventListener("click", function (e) {
    set(!drawer.checked);
    if (drawer.checked && e.detail === 0) {  // from the keyboard (a click from a pointer has detail >= 1)
      var first = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]");
      if (first) setTimeout(function () { first.focus(); }, 0);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && drawer.checked) {
      set(false);
      button.focus();
    }
  });
})();
