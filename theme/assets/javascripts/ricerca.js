// The count of search results ("12 documenti trovati") is a status message (WCAG 4.1.3): a screen reader announces it
// while focus stays in the search field. Material rewrites its text at every key typed, so announcing that element
// would read out a count per letter; a hidden status beside it says the count once typing pauses.
(function () {
  var meta = document.querySelector(".md-search-result__meta");
  if (!meta) return;
  var status = document.createElement("div");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  meta.parentNode.insertBefore(status, meta.nextSibling);
  var timer = 0;
  new MutationObserver(function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = meta.textContent.replace(/\s+/g, " ").trim();
      if (status.textContent !== text) status.textContent = text;
    }, 700);
  }).observe(meta, { childList: true, characterData: true, subtree: true });
})();
