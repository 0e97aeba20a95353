// Relation fields that search as the user types (app/choices.py, app/web/lookup.py). The page carries
// only a field's first options; select2 fetches the rest from the field's data-lookup address, 20 a
// page. FAB's search widget builds a filter's field from HTML when the user adds the filter, so new
// fields are picked up as they appear, not only at load.
(function ($) {
  if (!$ || !$.fn.select2) { return; }

  function upgrade(select) {
    var $select = $(select);
    if ($select.data("qiLookup") || !select.getAttribute("data-lookup") || !select.isConnected) { return; }
    $select.data("qiLookup", true);
    $select.select2({
      theme: "bootstrap",
      width: "100%",
      allowClear: !select.multiple,
      // WTForms names the empty choice "__None": select2 shows the placeholder for it, not the code.
      placeholder: { id: "__None", text: select.getAttribute("data-placeholder") || "" },
      ajax: {
        url: select.getAttribute("data-lookup"),
        dataType: "json",
        delay: 250,
        data: function (params) { return { q: params.term || "", page: params.page || 1 }; }
      }
    });
  }

  function scan(root) {
    if (root.matches && root.matches("select.qi-lookup")) { upgrade(root); }
    if (root.querySelectorAll) { root.querySelectorAll("select.qi-lookup").forEach(upgrade); }
  }

  scan(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) { change.addedNodes.forEach(scan); });
  }).observe(document.body, { childList: true, subtree: true });
})(window.jQuery);
