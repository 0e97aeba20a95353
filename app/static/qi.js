// Behaviour shared by the platform's pages. No inline event attributes: the Content-Security-Policy
// allows only scripts of the site itself and nonce-carrying inline scripts (app/web/headers.py).
(function () {
  // <button data-print>: print the page (guides and notification sheets).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // FAB's baselayout.html has <header role="header"> (no such ARIA role: <header> is the banner landmark by
  // itself); repaired here rather than by copying the whole layout. The menu button is named in navbar.html.
  document.querySelectorAll('header[role="header"]').forEach(function (header) { header.removeAttribute("role"); });
})();
