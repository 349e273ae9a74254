/* Counting people, not registrations (docs/comptage-des-personnes.md).
 *
 * The association's list is read here, in the browser, and never sent: each person (last name,
 * first name, birth date, normalised) is hashed with HMAC-SHA-256 and the network's key of the
 * year, and the hashes fill a HyperLogLog sketch (p = 16, as datasketch's HyperLogLogPlusPlus
 * does on the server, network/people_sketch.py). Only the sketch goes into the form.
 */
(function () {
  "use strict";

  var PRECISION = 16;
  var REGISTERS = 1 << PRECISION;
  var MAX_RANK = 64 - PRECISION + 1;
  var LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l" };
  var DATE_FORMATS = [
    { pattern: /^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$/, day: 1, month: 2, year: 3 },
    { pattern: /^([0-9]{4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})$/, day: 3, month: 2, year: 1 }
  ];

  function normaliseName(text) {
    var unmarked = text.normalize("NFKD").replace(/\p{Mn}/gu, "");
    var lowered = unmarked.toLowerCase().replace(/[œæßøđł]/g, function (c) { return LIGATURES[c]; });
    return lowered.replace(/[^\p{L}\p{N}]/gu, " ").split(/\s+/).filter(Boolean).join(" ");
  }

  function pad(number, size) {
    var text = String(number);
    while (text.length < size) { text = "0" + text; }
    return text;
  }

  /* The proleptic Gregorian calendar, as Python's datetime.date. */
  function daysInMonth(year, month) {
    if (month === 2) { return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28; }
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }

  function normaliseBirthDate(text) {
    // As the server: \s and the spaces Python has that JavaScript has not (\x1c-\x1f, \x85).
    var first = text.replace(/^[\s\x1c-\x1f\x85]+/, "").split(/[\s\x1c-\x1f\x85T]/)[0];
    for (var i = 0; i < DATE_FORMATS.length; i++) {
      var format = DATE_FORMATS[i];
      var found = format.pattern.exec(first);
      if (!found) { continue; }
      var year = Number(found[format.year]);
      var month = Number(found[format.month]);
      var day = Number(found[format.day]);
      // Not Date.UTC: it reads the years 0 to 99 as 1900 to 1999, where Python's date does not.
      if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        return null;
      }
      return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
    }
    return null;
  }

  function personKey(lastName, firstName, birthDate) {
    var last = normaliseName(lastName || "");
    var first = normaliseName(firstName || "");
    var born = normaliseBirthDate(birthDate || "");
    if (!last || !first || born === null) { return null; }
    return last + "|" + first + "|" + born;
  }

  function bitLength32(value) {
    return 32 - Math.clz32(value);
  }

  /* The register and rank of a 64-bit hash (its first 8 bytes, big-endian), as datasketch:
   * index = hash & (m - 1), rank = max_rank - bit_length(hash >> p) + 1. */
  function addHash(registers, digest) {
    var view = new DataView(digest);
    var high = view.getUint32(0);
    var low = view.getUint32(4);
    var index = low & (REGISTERS - 1);
    var length = high ? 32 + bitLength32(high) : bitLength32(low);
    var rank = MAX_RANK - Math.max(0, length - PRECISION);
    if (rank > registers[index]) { registers[index] = rank; }
  }

  function hexToBytes(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) { bytes[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return bytes;
  }

  /* rows: [lastName, firstName, birthDate] arrays. Resolves to {registers, counted, skipped}. */
  function sketchOf(keyHex, rows) {
    var registers = new Uint8Array(REGISTERS);
    var persons = [];
    var skipped = 0;
    rows.forEach(function (row) {
      var person = personKey(row[0], row[1], row[2]);
      if (person === null) { skipped += 1; } else { persons.push(person); }
    });
    var encoder = new TextEncoder();
    return window.crypto.subtle.importKey(
      "raw", hexToBytes(keyHex), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]
    ).then(function (key) {
      return Promise.all(persons.map(function (person) {
        return window.crypto.subtle.sign("HMAC", key, encoder.encode(person));
      }));
    }).then(function (digests) {
      digests.forEach(function (digest) { addHash(registers, digest); });
      return { registers: registers, counted: persons.length, skipped: skipped };
    });
  }

  /* What is sent: "v1:<year>:" and base64 of p then the registers (datasketch's serialisation). */
  function encode(registers, year) {
    var bytes = new Uint8Array(REGISTERS + 1);
    bytes[0] = PRECISION;
    bytes.set(registers, 1);
    var text = "";
    for (var i = 0; i < bytes.length; i += 4096) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096));
    }
    return "v1:" + year + ":" + window.btoa(text);
  }

  /* A small CSV reader: ";", "," or tab separators (the most frequent in the first line),
   * double-quoted fields with "" inside, CRLF or LF line ends, a leading BOM. */
  function parseCsv(text) {
    text = text.replace(/^\uFEFF/, "");
    var firstLine = text.split(/\r?\n/)[0].replace(/"[^"]*"/g, "");
    var separator = [";", ",", "\t"].reduce(function (best, candidate) {
      return firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best;
    }, ";");
    var rows = [];
    var row = [];
    var field = "";
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === "\"" && text[i + 1] === "\"") { field += "\""; i += 1; }
        else if (c === "\"") { quoted = false; }
        else { field += c; }
      } else if (c === "\"") {
        quoted = true;
      } else if (c === separator) {
        row.push(field); field = "";
      } else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i += 1; }
        row.push(field); field = "";
        rows.push(row); row = [];
      } else {
        field += c;
      }
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows.filter(function (cells) {
      return cells.some(function (cell) { return cell.trim() !== ""; });
    });
  }

  /* Excel in French often saves CSV in Windows-1252: read UTF-8, fall back on that. */
  function decode(buffer) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    } catch (error) {
      return new TextDecoder("windows-1252").decode(buffer);
    }
  }

  function guessColumn(headers, pattern, fallback) {
    for (var i = 0; i < headers.length; i++) {
      if (pattern.test(normaliseName(headers[i]))) { return i; }
    }
    return Math.min(fallback, headers.length - 1);
  }

  function setUp(section) {
    var keys = JSON.parse(document.getElementById("people-sketch-keys").textContent);
    var form = section.closest("form");
    var output = form.querySelector("input[name=people_sketch]");
    var yearInput = form.querySelector("[name=year]");
    var registrations = form.querySelector("[name=registrations]");
    var fileInput = section.querySelector("#people-sketch-file");
    var columns = section.querySelector(".people-sketch-columns");
    var selects = {
      last: section.querySelector("#people-sketch-last"),
      first: section.querySelector("#people-sketch-first"),
      born: section.querySelector("#people-sketch-born")
    };
    var button = section.querySelector("#people-sketch-make");
    var status = section.querySelector(".people-sketch-status");
    var rows = [];

    section.querySelector(".people-sketch-nojs").hidden = true;
    section.querySelector(".people-sketch-controls").hidden = false;

    function say(text) { status.textContent = text; }

    fileInput.addEventListener("change", function () {
      output.value = "";
      columns.hidden = true;
      var file = fileInput.files[0];
      if (!file) { return; }
      file.arrayBuffer().then(function (buffer) {
        rows = parseCsv(decode(buffer));
        if (rows.length < 2) { say(section.dataset.emptyText); return; }
        var headers = rows[0];
        Object.keys(selects).forEach(function (name) {
          var select = selects[name];
          select.textContent = "";
          headers.forEach(function (header, index) {
            var option = document.createElement("option");
            option.value = String(index);
            option.textContent = header || String(index + 1);
            select.appendChild(option);
          });
        });
        selects.last.value = String(guessColumn(headers, /^nom\b|^last|^surname/, 0));
        selects.first.value = String(guessColumn(headers, /prenom|^first/, 1));
        selects.born.value = String(guessColumn(headers, /naissance|^ne le|^nee le|birth|^date/, 2));
        columns.hidden = false;
        say(section.dataset.readText.replace("%(rows)s", String(rows.length - 1)));
      }).catch(function () { say(section.dataset.errorText); });
    });

    yearInput.addEventListener("change", function () {
      if (output.value) { output.value = ""; say(section.dataset.yearChangedText); }
    });

    button.addEventListener("click", function () {
      var year = yearInput.value.trim();
      var key = keys[year];
      if (!year) { say(section.dataset.noYearText); yearInput.focus(); return; }
      if (!key) { say(section.dataset.noKeyText); return; }
      var picked = [selects.last.value, selects.first.value, selects.born.value].map(Number);
      var people = rows.slice(1).map(function (cells) {
        return picked.map(function (index) { return cells[index] || ""; });
      });
      button.disabled = true;
      sketchOf(key, people).then(function (result) {
        output.value = encode(result.registers, year);
        if (registrations && !registrations.value) { registrations.value = String(result.counted); }
        say(section.dataset.readyText
          .replace("%(counted)s", String(result.counted))
          .replace("%(skipped)s", String(result.skipped))
          .replace("%(year)s", year));
      }).catch(function () {
        say(section.dataset.errorText);
      }).then(function () { button.disabled = false; });
    });
  }

  window.peopleSketch = {
    normaliseName: normaliseName,
    normaliseBirthDate: normaliseBirthDate,
    personKey: personKey,
    sketchOf: sketchOf,
    encode: encode,
    parseCsv: parseCsv
  };

  var section = document.querySelector("[data-people-sketch]");
  if (section && window.crypto && window.crypto.subtle) { setUp(section); }
})();
