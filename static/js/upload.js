/* The upload control in Chinese: show the chosen file's name beside our 选择文件 button. */
(function () {
  "use strict";
  document.querySelectorAll("[data-file-name-for]").forEach(function (span) {
    var input = document.getElementById(span.dataset.fileNameFor);
    if (!input) { return; }
    span.textContent = "未选择文件";
    input.addEventListener("change", function () {
      span.textContent = input.files && input.files.length ? input.files[0].name : "未选择文件";
    });
  });
})();
