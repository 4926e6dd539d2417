// ots pages: small enhancements only. Every page works without this file.
// Copy buttons, show/hide for password fields, and the secret's size counter.
"use strict";
(function () {
  function copyText(target) {
    var text = "value" in target ? target.value : target.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(target); });
    }
    return Promise.resolve(legacyCopy(target));
  }
  function legacyCopy(target) {
    if (target.select) { target.focus(); target.select(); }
    try { document.execCommand("copy"); } catch (e) { /* the text stays selected */ }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(target).then(function () {
        var note = button.parentElement.querySelector(".copied");
        if (note) { note.textContent = "Copied"; }
      });
    });
  });
  document.querySelectorAll("[data-toggle-password]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-toggle-password"));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      button.textContent = show ? "Hide" : "Show";
      button.setAttribute("aria-pressed", show ? "true" : "false");
    });
  });
  var secret = document.getElementById("secret");
  var count = document.getElementById("secret-count");
  if (secret && count) {
    var max = parseInt(secret.getAttribute("data-max-bytes"), 10);
    var encoder = new TextEncoder();
    var update = function () {
      var used = encoder.encode(secret.value).length;
      count.textContent = used + " / " + max + " bytes";
      count.classList.toggle("over", used > max);
    };
    secret.addEventListener("input", update);
    update();
  }
})();
