// The phone navigation drawer and the sections' toggles from the keyboard and a screen reader (WCAG 2.1.1, 2.4.3, 4.1.2).
// Material's menu icon is a <label> of a hidden checkbox, which no keyboard reaches; it is replaced by a real button with a
// name and its state (aria-expanded). Opening the drawer from the keyboard moves focus into it, Escape closes it and gives
// focus back to the button, and focus leaving it (Tab past its last link; Shift+Tab before its first, back to the button) closes it. While closed, the drawer is out of the Tab order (trasparenza.css). Each section's toggle, a
// <label> with tabindex and an icon (no role, no name, no state), becomes a button named after its section with
// aria-expanded and aria-controls, and so does the page's table of contents in the drawer (a label no keyboard reached);
// in the drawer, opening a section from the keyboard moves focus to its first link, and the section's title (Material's
// "back", a label no keyboard reaches) becomes a button that closes it and gives focus back.
(function () {
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  function words(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  function button(from, name) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = from.className;
    if (from.id) b.id = from.id;
    b.setAttribute("aria-label", name);
    b.innerHTML = from.innerHTML;
    from.parentNode.replaceChild(b, from);
    return b;
  }
  function narrow() { return window.matchMedia("(max-width: 59.984375em)").matches; }  // the page's contents are a panel
  // Focus moves without scrolling: a panel still sliding in is off to the right, and scrolling the drawer to it left the
  // drawer blank once the panel had arrived.
  function into(root, inList) {  // where focus goes in a panel: the first control of its deepest open section (slid in over
    // the rest): its title (the way back), or with `inList` its first entry
    for (var found = true; found;) {
      found = false;
      var list = root.querySelector(":scope > .md-nav__list");
      for (var c = list ? list.firstElementChild : null; c; c = c.nextElementSibling) {
        var box = c.querySelector(":scope > .md-toggle"), sub = box && box.checked && (box.id !== "__toc" || narrow()) && panel(box)[0];
        if (sub) { root = sub; found = true; }
      }
    }
    var all = (inList && root.querySelector(":scope > .md-nav__list") || root).querySelectorAll("a[href], button");
    for (var i = 0; i < all.length; i++) if (all[i].getClientRects().length) return all[i];
    return null;
  }
  function drawerShown() { return !!(drawer && window.matchMedia("(max-width: 76.234375em)").matches); }
  var backs = [];  // [a section's title button (the way back), the button that opens the section]
  var syncs = [];  // every button's state from its checkbox: also after the browser restores the boxes (Back) unannounced
  function syncAll() { syncs.forEach(function (f) { f(); }); }
  window.addEventListener("pageshow", syncAll);
  window.addEventListener("load", syncAll);
  function panel(box) {  // the section a toggle opens, and its title (Material's "back")
    var nested = null;
    for (var c = box.parentNode.firstElementChild; c; c = c.nextElementSibling) if (c.matches("nav.md-nav")) nested = c;
    return [nested, nested && nested.querySelector(':scope > label.md-nav__title[for="' + box.id + '"]')];
  }
  function toggles(box, open, name, what) {
    var parts = panel(box), nested = parts[0], title = parts[1];
    open.setAttribute("aria-label", what + name);
    box.setAttribute("aria-label", what + name);  // Material's hidden checkbox had the label for its name
    if (nested) {
      if (!nested.id) nested.id = box.id + "_sottosezioni";
      open.setAttribute("aria-controls", nested.id);
      nested.removeAttribute("aria-expanded");  // the state is the button's
    }
    function sync() { open.setAttribute("aria-expanded", box.checked ? "true" : "false"); }
    function set(on) {
      box.checked = on;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
    box.addEventListener("change", sync);
    syncs.push(sync);
    sync();
    var back = title && button(title, "Chiudi " + (box.id === "__toc" ? "l'indice della pagina " : "la sezione ") + name);
    open.addEventListener("click", function (e) {
      e.preventDefault();
      set(!box.checked);
      if (box.checked && drawerShown() && nested) {  // in the drawer: into the section (the button slides out of sight)
        setTimeout(function () { var first = into(nested, true); if (first) first.focus({ preventScroll: true }); }, 0);
      }
    });
    if (back) {
      backs.push([back, open]);
      back.classList.add("sezione-indietro");
      back.setAttribute("aria-controls", nested.id);
      back.addEventListener("click", function () {
        set(false);
        open.focus({ preventScroll: true });
      });
    }
  }
  // Sections: the label (an icon, or the section's name where it has no page) becomes the button.
  Array.prototype.forEach.call(document.querySelectorAll("label.md-nav__link[tabindex][for]"), function (toggle) {
    var box = document.getElementById(toggle.htmlFor);
    if (!box || !box.parentNode) return;
    var name = words(toggle) || words(box.parentNode.querySelector(":scope > .md-nav__container > a")) || words(panel(box)[1]);
    var open = button(toggle, "");
    open.classList.add("sezione-pulsante");
    toggles(box, open, name, "Sottosezioni di ");
  });
  // The page's own table of contents in the drawer: Material styles its label by [for=__toc], so a button goes inside it.
  var toc = document.querySelector('.md-nav--primary label.md-nav__link[for="__toc"]'), tocBox = document.getElementById("__toc");
  if (toc && tocBox) {
    var inner = document.createElement("button");
    inner.type = "button";
    inner.className = "indice-pulsante";
    while (toc.firstChild) inner.appendChild(toc.firstChild);
    toc.appendChild(inner);
    toggles(tocBox, inner, words(inner), "Indice della pagina ");
    // From 60em the contents are beside the page, not a panel: left open, the drawer showed nothing (Material too).
    window.matchMedia("(max-width: 59.984375em)").addEventListener("change", function (e) {
      if (!e.matches && tocBox.checked) {
        tocBox.checked = false;
        tocBox.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  if (!drawer || !label) return;
  var menu = button(label, "Menu di navigazione");
  menu.classList.add("menu-pulsante");
  function sync() { menu.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }
  function set(open) {
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change"));
  }
  function onePerLevel() {  // sections opened side by side on a wide screen would slide in over each other in the drawer
    Array.prototype.forEach.call(document.querySelectorAll(".md-nav--primary .md-nav__list"), function (list) {
      var open = [];
      for (var c = list.firstElementChild; c; c = c.nextElementSibling) {
        var box = c.querySelector(":scope > .md-toggle:not(#__toc)");
        if (box && box.checked) open.push(c);
      }
      var keep = open.filter(function (c) { return c.classList.contains("md-nav__item--active"); })[0] || open[open.length - 1];
      open.forEach(function (c) {
        if (c === keep) return;
        var box = c.querySelector(":scope > .md-toggle");
        box.checked = false;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }
  drawer.addEventListener("change", function () { if (drawer.checked && drawerShown()) onePerLevel(); });
  window.matchMedia("(max-width: 76.234375em)").addEventListener("change", function (e) { if (e.matches) onePerLevel(); });
  drawer.addEventListener("change", sync);
  syncs.push(sync);
  sync();
  // A page the browser shows again (Back) had its boxes restored: the drawer it was left with is not open on arrival
  // (the built page has no autocomplete="off" on the checkbox, which is not valid HTML there).
  window.addEventListener("pageshow", function () { if (drawer.checked) set(false); });
  menu.addEventListener("click", function (e) {
    set(!drawer.checked);
    if (drawer.checked) {  // into the drawer (from a pointer too: a touch screen reader keeps its place; no ring is shown)
      setTimeout(function () { var first = into(document.querySelector(".md-nav--primary")); if (first) first.focus({ preventScroll: true }); }, 0);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && drawer.checked) {
      set(false);
      menu.focus();
    }
    // Shift+Tab from the drawer's first control: back to the menu button, the drawer closed (it reached the search
    // field under the drawer, which opened the search)
    if (e.key === "Tab" && e.shiftKey && drawer.checked && drawerShown() && e.target.closest && e.target.closest(".md-sidebar--primary")) {
      var stops = Array.prototype.filter.call(document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary button"), shown);
      if (stops[0] === e.target) {
        e.preventDefault();
        set(false);
        menu.focus();
      }
    }
  });
  document.addEventListener("focusin", function (e) {  // Tab past the drawer's last link: the page, not what the drawer covers
    if (drawer.checked && drawerShown() && e.target !== menu && !e.target.closest(".md-sidebar--primary")) set(false);
  });
  // The window crossing a width where the navigation changes shape (a phone turned, a page zoomed in): focus on what
  // is hidden now (the sidebar folded into the closed drawer, the contents beside the page, a section's title) fell to
  // the page's start. It goes to where that navigation is now: the section's button, the open drawer, the menu button.
  function shown(el) { return el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible"; }
  function rescue(was) {
    var now = document.activeElement;
    if ((now !== was && now !== document.body) || (now === was && shown(was))) return;  // moved on, or still in sight
    var pair = backs.filter(function (b) { return b[0] === was; })[0];
    var next = pair && shown(pair[1]) ? pair[1] : drawerShown() ? (drawer.checked ? into(document.querySelector(".md-nav--primary")) : menu)
      : into(document.querySelector(".md-nav--primary"));
    if (next && shown(next)) next.focus({ preventScroll: true });
  }
  ["(max-width: 59.984375em)", "(max-width: 76.234375em)"].forEach(function (q) {
    window.matchMedia(q).addEventListener("change", function () {
      var was = document.activeElement;
      if (!was || !was.closest(".md-sidebar")) return;
      // hidden at once, or only once the drawer's transition ends (later on a busy machine): looked at for a second
      for (var t = 0; t <= 1000; t += 100) setTimeout(function () { rescue(was); }, t);
    });
  });
})();
