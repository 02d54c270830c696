/*
 * Section pages: repeating rows (add / remove / reorder) and live derived figures.
 * No dependencies, no build step. The pages work without this file: it only adds
 * convenience on top of the server-rendered forms (spare rows, 顺序 and 删除 inputs).
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // ------------------------------------------------------------ amounts (万元, 2 decimals)
  // The rules of budgets.money.parse_amount, repeated for live totals; tests/money_cases.json runs
  // both. Work on the digits as text: a number is made only once it is known to be below the limit.

  var LIMIT_DIGITS = 8; // amounts are below 10^8 万元 (AMOUNT_LIMIT), so cents stay < 10^10, far below 2^53
  var SPACES = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g; // as in Python
  var GROUPED = /^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$/;
  var NUMBER = /^([0-9]*)(?:\.([0-9]*))?$/;

  // NFKC turns full-width digits and punctuation (１２３．４５，) into ASCII, as Python does.
  function normalize(text) {
    return String(text).normalize("NFKC").replace(SPACES, "").replace(/万元$/, "");
  }

  // Integer cents, null for empty, NaN for something that is not an amount (negatives included).
  function parseCents(text) {
    var value = normalize(text);
    if (value === "") { return null; }
    if (GROUPED.test(value)) { value = value.replace(/,/g, ""); }
    var match = NUMBER.exec(value);
    if (!match || (match[1] === "" && !match[2])) { return NaN; }
    var whole = match[1].replace(/^0+/, "");
    var decimals = (match[2] || "").replace(/0+$/, "");
    if (whole.length > LIMIT_DIGITS || decimals.length > 2) { return NaN; }
    return Number(whole || "0") * 100 + Number((decimals + "00").slice(0, 2));
  }

  // 1234567 → "12,345.67": with thousands separators, as budgets.money formats amounts.
  function formatCents(cents) {
    var sign = cents < 0 ? "-" : "";
    var abs = Math.abs(cents);
    var fraction = String(abs % 100);
    var whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + whole + "." + (fraction.length < 2 ? "0" + fraction : fraction);
  }

  // The wording of evaluations.sections.base.difference_note: a rounding difference only within
  // 0.005 万元 (half a cent) per line.
  function differenceNote(difference, lines) {
    if (difference === 0) { return "（一致）"; }
    var stated = (lines * 0.005).toFixed(3);
    if (stated.slice(-1) === "0") { stated = stated.slice(0, -1); }
    if (Math.abs(difference) * 2 <= lines) {
      return "（在 " + lines + " 行逐行四舍五入的容差 ±" + stated + " 万元之内，属正常尾差）";
    }
    return "（超出 " + lines + " 行逐行四舍五入的容差 ±" + stated + " 万元，请核对各行金额与合计）";
  }

  function rowOf(element) { return element.closest("[data-formset-row]"); }

  function isDeleted(element) {
    var row = rowOf(element);
    return !!(row && row.classList.contains("is-deleted"));
  }

  function show(output, cents, invalid) {
    output.classList.toggle("text-danger", invalid);
    if (invalid) {
      output.textContent = "请检查金额";
      output.dataset.cents = "";
    } else if (cents === null) {
      output.textContent = "—";
      output.dataset.cents = "";
    } else {
      output.textContent = formatCents(cents);
      output.dataset.cents = String(cents);
    }
  }

  function sumInputs(inputs) {
    var sum = null;
    var invalid = false;
    var count = 0;
    inputs.forEach(function (input) {
      if (isDeleted(input)) { return; }
      var cents = parseCents(input.value);
      if (cents === null) { return; }
      if (isNaN(cents)) { invalid = true; return; }
      sum = (sum || 0) + cents;
      count += 1;
    });
    return { sum: sum, invalid: invalid, count: count };
  }

  function recompute() {
    document.querySelectorAll("output[data-sum]").forEach(function (output) {
      var inputs = output.dataset.sum.split(/\s+/).map(function (name) {
        return document.querySelector('[name="' + name + '"]');
      }).filter(Boolean);
      var result = sumInputs(inputs);
      show(output, result.sum, result.invalid);
    });
    document.querySelectorAll("output[data-sum-formset]").forEach(function (output) {
      var pattern = new RegExp("^" + output.dataset.sumFormset + "-\\d+-" + output.dataset.sumField + "$");
      var inputs = Array.prototype.filter.call(document.querySelectorAll("input[name]"), function (input) {
        return pattern.test(input.name);
      });
      var result = sumInputs(inputs);
      show(output, result.sum, result.invalid);
      output.dataset.lines = String(result.count);
    });
    document.querySelectorAll("output[data-diff-of]").forEach(function (output) {
      var source = document.getElementById(output.dataset.diffOf);
      var base = parseCents(output.dataset.diffBase || "");
      var note = document.querySelector('[data-diff-note="' + output.dataset.diffOf + '"]');
      if (!source || !source.dataset.cents || base === null || isNaN(base)) {
        show(output, null, false);
        if (note) { note.textContent = ""; }
        return;
      }
      var difference = parseInt(source.dataset.cents, 10) - base;
      show(output, difference, false);
      if (difference > 0) { output.textContent = "+" + output.textContent; }
      output.classList.toggle("text-warning-emphasis", difference !== 0);
      if (note) { note.textContent = differenceNote(difference, parseInt(source.dataset.lines || "0", 10)); }
    });
  }

  // ------------------------------------------------------------ formsets

  function contentInputs(row) {
    return Array.prototype.filter.call(row.querySelectorAll("input, select, textarea"), function (input) {
      return input.type !== "hidden" && !/-(ORDER|DELETE|id)$/.test(input.name);
    });
  }

  function isBlank(row) {
    return contentInputs(row).every(function (input) {
      return input.type === "checkbox" ? !input.checked : input.value.trim() === "";
    });
  }

  function rows(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-formset-table] > [data-formset-row]"));
  }

  function renumber(box) {
    rows(box).forEach(function (row, index) {
      row.querySelectorAll("[data-row-number]").forEach(function (span) { span.textContent = String(index + 1); });
    });
  }

  function initFormset(box) {
    var prefix = box.dataset.prefix;
    var table = box.querySelector("[data-formset-table]");
    var template = box.querySelector("template[data-formset-empty]");
    var total = box.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
    var max = box.querySelector('[name="' + prefix + '-MAX_NUM_FORMS"]');
    var addButton = box.querySelector("[data-formset-add]");

    function addRow() {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { return; }
      var holder = document.createElement("table");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.querySelector("[data-formset-row]");
      var last = rows(box).pop();
      if (last) { last.after(row); } else { table.insertBefore(row, table.tFoot); }
      total.value = String(index + 1);
      renumber(box);
      var first = contentInputs(row)[0];
      if (first) { first.focus(); }
    }

    if (addButton) { addButton.addEventListener("click", addRow); }

    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) { return; }
      var row = rowOf(button);
      var list = rows(box);
      var position = list.indexOf(row);
      if (button.dataset.move === "up" && position > 0) {
        list[position - 1].before(row);
      } else if (button.dataset.move === "down" && position < list.length - 1) {
        list[position + 1].after(row);
      }
      renumber(box);
      button.focus();
    });

    box.addEventListener("change", function (event) {
      if (/-DELETE$/.test(event.target.name || "")) {
        rowOf(event.target).classList.toggle("is-deleted", event.target.checked);
        recompute();
      }
    });

    var form = box.closest("form");
    form.addEventListener("submit", function () {
      // The order on screen becomes the ORDER of the rows; spare blank rows get none.
      var position = 0;
      rows(box).forEach(function (row) {
        var order = row.querySelector('[name$="-ORDER"]');
        if (!order) { return; }
        if (isBlank(row)) {
          order.value = "";
        } else {
          position += 1;
          order.value = String(position);
        }
      });
    });
  }

  // ------------------------------------------------------------ drafted sentences

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-draft]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copyDraft).querySelector("[data-draft-text]");
    var target = document.getElementById(button.dataset.target);
    if (target.value.trim() && !window.confirm("用草拟文字替换您已填写的文字吗？")) { return; }
    target.value = source.textContent.trim();
    target.focus();
  });

  // ------------------------------------------------------------ unsaved changes

  var dirty = false;
  document.querySelectorAll("form[data-section-form]").forEach(function (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // For tests/e2e/test_money_cases.py, which runs the shared table of amounts against this parser.
  // After a failed save: focus the error summary (screen readers read it), and let its links move
  // focus into the field they name, not only scroll to it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      (field || target).scrollIntoView({ block: "center" });
      if (field) { field.focus({ preventScroll: true }); }
    });
  }

  window.Formset = Object.freeze({ parseCents: parseCents, formatCents: formatCents, differenceNote: differenceNote });

  document.querySelectorAll("[data-formset]").forEach(initFormset);
  document.addEventListener("input", recompute);
  recompute();
})();
