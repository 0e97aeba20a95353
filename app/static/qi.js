// Behaviour shared by the platform's pages. No inline event attributes: the Content-Security-Policy
// allows only scripts of the site itself and nonce-carrying inline scripts (app/web/headers.py).
(function () {
  // <button data-print>: print the page (guides and notification sheets).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
