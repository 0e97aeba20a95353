// Behaviour shared by the platform's pages. No inline event attributes: the Content-Security-Policy
// allows only scripts of the site itself and nonce-carrying inline scripts (app/web/headers.py).
(function () {
  // <button data-print>: print the page (guides and notification sheets).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // FAB's layout has <header role="header"> (no such ARIA role: <header> is the banner landmark by itself) and a
  // menu button without a name (FAB's navbar.html). Both are repaired here, where no template needs to be copied;
  // a template that names its button itself keeps its own name.
  document.querySelectorAll('header[role="header"]').forEach(function (header) { header.removeAttribute("role"); });
  var menuLabel = document.body.getAttribute("data-qi-menu-label");
  document.querySelectorAll(".navbar-toggle:not([aria-label])").forEach(function (button) {
    if (menuLabel && !button.textContent.trim()) { button.setAttribute("aria-label", menuLabel); }
  });
})();
