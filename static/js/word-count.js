/* Word counters of the application's texts (no inline script: CSP).
 *
 * Every textarea with data-word-limit has a counter, an element with
 * data-word-count-for="<textarea id>" and aria-live="polite", rendered by the server with
 * the count of the saved text. As one types, the counter says "57 of 200 words", or
 * "215 of 200 words: 15 too many" from the translated templates in its data attributes.
 * Words are counted as the server counts them: runs of characters other than spaces. The
 * server enforces the limit; this only helps. */
(function () {
  "use strict";

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function attach(counter) {
    var field = document.getElementById(counter.getAttribute("data-word-count-for"));
    if (!field) {
      return;
    }
    var limit = parseInt(field.getAttribute("data-word-limit"), 10);
    var within = counter.getAttribute("data-word-count-template");
    var over = counter.getAttribute("data-word-count-over-template");
    var timer = null;

    function update() {
      var words = countWords(field.value);
      var tooMany = words > limit;
      var text = fill(tooMany ? over : within, {
        words: words,
        limit: limit,
        over: words - limit,
      });
      // Only a real change is announced.
      if (counter.textContent.trim() !== text) {
        counter.textContent = text;
      }
      counter.classList.toggle("word-count--over", tooMany);
    }

    // Screen readers hear the count once typing pauses, not at every key.
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  }

  function init() {
    var counters = document.querySelectorAll("[data-word-count-for]");
    for (var i = 0; i < counters.length; i += 1) {
      attach(counters[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
