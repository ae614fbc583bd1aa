// The count of search results ("12 risultati") is a status message (WCAG 4.1.3): a screen reader announces it as it
// changes, while focus stays in the search field. Material updates the text of this element; it had no role.
(function () {
  var meta = document.querySelector(".md-search-result__meta");
  if (meta) meta.setAttribute("role", "status");
})();
