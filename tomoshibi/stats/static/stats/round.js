/* The round page's in-page encoding: the CSV file and the secret stay in the browser.
 *
 * The file and secret inputs have no name, so no form can send them. The encoder
 * (window.TomoshibiLinkage, from stats/linkage/) turns the file into the same .clk.json
 * `tomoshibi linkage encode` writes; this script puts that document in the upload form's
 * file field and submits the form, so only the encodings reach the server. A file chosen in
 * the upload form itself is sent only if it is such a document. */
(function () {
  "use strict";

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
    if (!fileInput.files.length) {
      showError(message("no_file"));
      return;
    }
    button.disabled = true;
    say(status, status.dataset.encoding);
    var options = {
      onProgress: function (done, total) {
        say(status, progressText(status, done, total));
      },
    };
    window.TomoshibiLinkage.encodeFile(fileInput.files[0], secretInput.value, options).then(
      function (documentObject) {
        secretInput.value = "";
        say(status, status.dataset.sending);
        send(documentObject);
      },
      function (error) {
        button.disabled = false;
        say(status, "");
        showError(message((error && error.code) || "other", error && error.details));
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
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
