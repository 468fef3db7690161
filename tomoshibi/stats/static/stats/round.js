/* The round page's in-page encoding: the CSV file and the secret stay in the browser.
 *
 * The file and secret inputs have no name, so no form can send them. The encoder
 * (window.TomoshibiLinkage, from stats/linkage/) turns the file into the same .clk.json
 * `tomoshibi linkage encode` writes; this script puts that document in the upload form's
 * file field and submits the form, so only the encodings reach the server. A file chosen in
 * the upload form itself is sent only if it is such a document.
 *
 * When names in kanji had to be read by a guess (no reading columns, or blank ones), the document
 * is not sent at once: a notice says how many of how many people, and the list goes only when
 * "Send anyway" is pressed. Choosing another file or encoding again drops the waiting document. */
(function () {
  "use strict";

  var pending = null; // a document made but not sent while the reading notice waits for the person
  var run = 0; // the current encoding: one begun before another file was chosen is not sent

  function message(code, details) {
    var list = document.getElementById("round-encode-messages");
    var item = list.querySelector('[data-code="' + code + '"]') || list.querySelector('[data-code="other"]');
    var listed = (details && (details.columns || details.lines)) || [];
    return listed.length ? item.textContent + " " + listed.join(", ") : item.textContent;
  }

  function showError(text) {
    var box = document.getElementById("round-encode-error");
    box.textContent = text;
    box.hidden = false;
  }

  function say(status, text) {
    status.textContent = text;
  }

  function progressText(status, done, total) {
    return status.dataset.encoding + " " + Math.floor((100 * done) / Math.max(total, 1)) + " %";
  }

  /* A translated text with named placeholders ({count}) filled in. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function discard() {
    pending = null;
    run++;
    document.getElementById("round-reading-notice").hidden = true;
  }

  function showReadingNotice(documentObject, notes) {
    var count = document.getElementById("round-reading-count");
    count.textContent = fill(count.dataset.text, { count: notes.guessedReadings, total: notes.people });
    pending = documentObject;
    document.getElementById("round-send-anyway").disabled = false;
    document.getElementById("round-reading-notice").hidden = false;
    document.getElementById("round-reading-text").focus();
  }

  function send(documentObject) {
    var form = document.getElementById("send-list");
    var input = form.querySelector('input[type="file"][name="encodings"]');
    var file = new File([JSON.stringify(documentObject)], "list.clk.json", { type: "application/json" });
    var transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    form.submit();
  }

  function encode(button) {
    var status = document.getElementById("round-encode-status");
    var fileInput = document.getElementById("round-list-file");
    var secretInput = document.getElementById("round-secret");
    document.getElementById("round-encode-error").hidden = true;
    discard();
    if (!fileInput.files.length) {
      showError(message("no_file"));
      return;
    }
    var current = run;
    var notes = null;
    button.disabled = true;
    say(status, status.dataset.encoding);
    var options = {
      onProgress: function (done, total) {
        if (current === run) {
          say(status, progressText(status, done, total));
        }
      },
      onNotes: function (found) {
        notes = found;
      },
    };
    window.TomoshibiLinkage.encodeFile(fileInput.files[0], secretInput.value, options).then(
      function (documentObject) {
        var waits = notes && notes.guessedReadings > 0;
        if (current === run) {
          secretInput.value = ""; // a file chosen meanwhile keeps the secret typed for it
        }
        if (current !== run || waits) {
          button.disabled = false;
          say(status, "");
        }
        if (current !== run) {
          return;
        }
        if (waits) {
          showReadingNotice(documentObject, notes);
          return;
        }
        say(status, status.dataset.sending);
        send(documentObject);
      },
      function (error) {
        button.disabled = false;
        say(status, "");
        if (current === run) {
          showError(message((error && error.code) || "other", error && error.details));
        }
      }
    );
  }

  /* The upload form sends a file the person chose. Before it goes, check that it is the encoder's
   * JSON: a CSV file chosen here by mistake holds names, and must not leave the browser at all. */
  function isEncodedList(text, format) {
    try {
      var parsed = JSON.parse(text);
      return !!parsed && parsed.format === format && Array.isArray(parsed.clks);
    } catch (error) {
      return false;
    }
  }

  function guardUpload() {
    var form = document.getElementById("send-list");
    var input = form && form.querySelector('input[type="file"][name="encodings"]');
    if (!input || typeof File === "undefined" || !File.prototype.text) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var box = document.getElementById("send-list-error");
      box.hidden = true;
      if (!input.files.length) {
        return; // the server says a file is needed; nothing is sent
      }
      event.preventDefault();
      input.files[0].text().then(function (text) {
        if (isEncodedList(text, form.dataset.format)) {
          form.submit();
          return;
        }
        input.value = "";
        box.textContent = document.getElementById("send-list-refusal").textContent;
        box.hidden = false;
      });
    });
  }

  function start() {
    guardUpload();
    var area = document.getElementById("encode-in-page");
    if (!area || !window.TomoshibiLinkage || typeof window.TomoshibiLinkage.encodeFile !== "function") {
      return;
    }
    area.hidden = false;
    document.getElementById("encode-needs-script").hidden = true;
    var button = document.getElementById("round-encode");
    button.addEventListener("click", function () {
      encode(button);
    });
    document.getElementById("round-list-file").addEventListener("change", discard);
    document.getElementById("round-send-anyway").addEventListener("click", function () {
      if (!pending) {
        return;
      }
      var documentObject = pending;
      var status = document.getElementById("round-encode-status");
      pending = null;
      this.disabled = true;
      button.disabled = true;
      say(status, status.dataset.sending);
      send(documentObject);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
