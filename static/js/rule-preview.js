/*
 * Indicator admin page: the scoring rule in words, live. On every change of the form the typed
 * values are posted to the admin's preview URL (which validates them with the same form and writes
 * nothing); the answer replaces the text of #rule-preview. The parameter groups of the shapes not
 * chosen are hidden (they stay in the page, so nothing typed is lost).
 */
(function () {
  "use strict";

  function init() {
    var preview = document.getElementById("rule-preview");
    var shape = document.getElementById("id_rule_shape");
    if (!preview || !shape) { return; }
    var form = shape.form;
    var timer = null;

    function showShape() {
      ["threshold", "steps", "bands"].forEach(function (name) {
        document.querySelectorAll(".shape-" + name).forEach(function (group) {
          group.hidden = shape.value !== name;
        });
      });
    }

    function refresh() {
      var data = new FormData(form);
      fetch(preview.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          if (answer.errors.length) {
            preview.textContent = "尚不能生成评分标准：" + answer.errors.join("；");
          } else {
            preview.textContent = answer.text || "（填写评分方式和参数后，这里显示评分标准）";
          }
        })
        .catch(function () { /* the saved text stays */ });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", function () { showShape(); later(); });
    showShape();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
