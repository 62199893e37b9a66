/* A warning before leaving a form whose changes are not saved (no inline script: CSP).
 *
 * For every form with data-unsaved-warning (its value: the question to ask). The form's
 * fields are read when the page loads; once what they hold differs from that, leaving the
 * page asks first: a click on a link of the page asks the question with confirm(), and any
 * other way of leaving (reload, another address, closing the tab, another form) gets the
 * browser's own beforeunload warning. Submitting the form itself never asks: it saves.
 * data-unsaved="true" marks a form shown again with input that was not saved (a field with
 * an error): it counts as changed from the start. */
(function () {
  "use strict";

  var forms = [];
  var leaving = false;

  // What the form holds now: its fields in order, files by name. The CSRF token is the
  // server's, not the person's.
  function snapshot(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || field.disabled) {
        return;
      }
      if (field.type === "submit" || field.type === "button" || field.type === "reset") {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        parts.push(field.name + "=" + (field.checked ? field.value : ""));
      } else if (field.type === "file") {
        var names = Array.prototype.map.call(field.files || [], function (file) {
          return file.name;
        });
        parts.push(field.name + "=" + names.join("|"));
      } else {
        parts.push(field.name + "=" + field.value);
      }
    });
    return JSON.stringify(parts);
  }

  function changed(entry) {
    return entry.unsaved || snapshot(entry.form) !== entry.initial;
  }

  function firstChanged() {
    if (leaving) {
      return null;
    }
    for (var i = 0; i < forms.length; i += 1) {
      if (!forms[i].submitting && changed(forms[i])) {
        return forms[i];
      }
    }
    return null;
  }

  // A click that takes the page elsewhere: a plain left click on a link to another page,
  // in this tab.
  function leavesThePage(event, link) {
    if (event.defaultPrevented || event.button !== 0) {
      return false;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return false;
    }
    if (link.hasAttribute("download")) {
      return false;
    }
    var target = link.getAttribute("target");
    if (target && target !== "_self") {
      return false;
    }
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") {
      return false;
    }
    var url = new URL(link.href, window.location.href);
    var here = new URL(window.location.href);
    return !(url.hash && url.pathname === here.pathname && url.search === here.search);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !leavesThePage(event, link)) {
      return;
    }
    var entry = firstChanged();
    if (!entry) {
      return;
    }
    if (window.confirm(entry.form.getAttribute("data-unsaved-warning"))) {
      leaving = true; // asked once: beforeunload does not ask again
    } else {
      event.preventDefault();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (firstChanged()) {
      event.preventDefault();
      event.returnValue = ""; // older browsers need it to show their warning
    }
  });

  // Back from the browser's cache (the back button): the page is as it was left.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false;
      forms.forEach(function (entry) {
        entry.submitting = false;
      });
    }
  });

  Array.prototype.forEach.call(
    document.querySelectorAll("form[data-unsaved-warning]"),
    function (form) {
      var entry = {
        form: form,
        initial: snapshot(form),
        unsaved: form.getAttribute("data-unsaved") === "true",
        submitting: false,
      };
      form.addEventListener("submit", function () {
        entry.submitting = true;
      });
      forms.push(entry);
    }
  );
})();
