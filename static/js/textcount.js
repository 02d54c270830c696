/*
 * Live character counter under every text box with a limit (data-maxlength, set by
 * departments/text_limits.py): "已输入 1,234 / 20,000 字", red with the excess once over the limit.
 * Counts as the server does (departments.text_limits.MaxCharsValidator): characters, not UTF-16
 * units, and a line break as one. Never blocks typing or cuts a paste: the server refuses an
 * over-long text with a message at the field. Also works for rows that formset.js adds later.
 * No inline script (CSP script-src 'self'); without JavaScript the server's message still applies.
 */
(function () {
  "use strict";

  var SELECTOR = "textarea[data-maxlength], input[data-maxlength]";

  function length(text) {
    text = text.replace(/\r\n?/g, "\n");
    var pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);  // one character, two UTF-16 units
    return text.length - (pairs ? pairs.length : 0);
  }

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function counterFor(box) {
    var id = box.id ? box.id + "-count" : "";
    var counter = id ? document.getElementById(id) : null;
    if (!counter) {
      counter = document.createElement("div");
      counter.className = "form-text text-count";
      counter.setAttribute("aria-live", "polite");
      if (id) {
        counter.id = id;
        var described = box.getAttribute("aria-describedby");
        box.setAttribute("aria-describedby", described ? described + " " + id : id);
      }
      box.insertAdjacentElement("afterend", counter);
    }
    return counter;
  }

  function update(box) {
    var limit = parseInt(box.getAttribute("data-maxlength"), 10);
    if (!limit) { return; }
    var used = length(box.value);
    var counter = counterFor(box);
    if (used > limit) {
      counter.textContent = "已输入 " + grouped(used) + " 字，超出 " + grouped(used - limit) +
        " 字（最多 " + grouped(limit) + " 字），请精简后再保存";
      counter.classList.add("text-danger");
      box.classList.add("is-over-limit");
    } else {
      counter.textContent = "已输入 " + grouped(used) + " / " + grouped(limit) + " 字";
      counter.classList.remove("text-danger");
      box.classList.remove("is-over-limit");
    }
  }

  function start() {
    var boxes = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].closest("template")) { update(boxes[i]); }
    }
    document.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches(SELECTOR)) { update(event.target); }
    });
    document.addEventListener("focusin", function (event) {
      if (event.target.matches && event.target.matches(SELECTOR)) { update(event.target); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
