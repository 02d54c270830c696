/*
 * Django admin, WCAG 2.1 AA (GB/T 37668-2019): names for the controls Django's own widgets leave
 * unnamed. Loaded by templates/admin/base_site.html; runs after the admin's scripts ("load").
 *  - cells of tabular inlines have no <label>: they get the column heading as aria-label;
 *  - select2 (autocomplete_fields) names its combobox by the chosen value only: add the field label;
 *  - SelectFilter2's help icons carry aria-label on a plain span: give them role="img";
 *  - a tabular inline that scrolls in its own box is focusable and named.
 */
(function () {
  "use strict";

  function nameTabularCells(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row, index) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (control.labels && control.labels.length) { return; }
            if (control.hasAttribute("aria-label")) { return; }
            var heading = headings[column] || (control.name.endsWith("-DELETE") ? "删除" : "");
            if (control.name.endsWith("-DELETE")) { heading = "删除"; }
            if (heading) { control.setAttribute("aria-label", heading + "（第" + (index + 1) + "行）"); }
          });
        });
      });
    });
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var combobox = select.parentElement.querySelector('.select2-selection[role="combobox"]');
      if (!combobox) { return; }
      var rendered = combobox.querySelector('[role="textbox"]');
      if (label) {
        var name = label.textContent.replace(/[:：]\s*$/, "").trim();
        combobox.removeAttribute("aria-labelledby");
        combobox.setAttribute("aria-label", name);
        if (rendered) { rendered.setAttribute("aria-label", name + "：已选择的值"); }
      } else {
        var row = select.closest("tr");
        var heading = row && row.closest("table") && row.closest("table").querySelector("thead th:nth-child(" + (select.closest("td").cellIndex + 1) + ")");
        if (heading) {
          combobox.removeAttribute("aria-labelledby");
          combobox.setAttribute("aria-label", heading.textContent.trim());
          if (rendered) { rendered.setAttribute("aria-label", heading.textContent.trim() + "：已选择的值"); }
        }
      }
    });
  }

  function nameHelpIcons(root) {
    root.querySelectorAll(".selector span[aria-label]:not([role])").forEach(function (span) {
      span.setAttribute("role", "img");
    });
  }

  // Split date/time inputs (SplitDateTimeWidget) share one label; the search box has an icon only.
  function nameLooseInputs(root) {
    root.querySelectorAll(".form-row input:not([type=hidden]), .form-row select").forEach(function (control) {
      if ((control.labels && control.labels.length) || control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby")) { return; }
      var row = control.closest(".form-row");
      var label = row && row.querySelector("label");
      if (!label) { return; }
      var name = label.textContent.replace(/[:：]\s*$/, "").trim();
      var part = /_0$/.test(control.name) ? "（日期）" : /_1$/.test(control.name) ? "（时间）" : "";
      control.setAttribute("aria-label", name + part);
    });
    var search = root.querySelector("#searchbar");
    if (search && !search.hasAttribute("aria-label")) { search.setAttribute("aria-label", "搜索"); }
  }

  // A tabular inline wider than the screen scrolls in its own box (admin.css): keyboard users reach it.
  function focusableScrollBoxes(root) {
    root.querySelectorAll(".inline-group .tabular").forEach(function (box) {
      if (box.hasAttribute("tabindex")) { return; }
      var caption = box.querySelector("h2");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.replace(/\s+/g, " ").trim() : "表格");
    });
  }

  function fix(root) {
    focusableScrollBoxes(root);
    nameLooseInputs(root);
    nameTabularCells(root);
    nameAutocompletes(root);
    nameHelpIcons(root);
  }

  // select2 and the inlines build their markup at different moments: name whatever appears.
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.setTimeout(function () { pending = false; fix(document); }, 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(function (records) {
      if (records.some(function (r) { return r.addedNodes.length; })) { schedule(); }
    }).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", function () { fix(document); });
})();
