/* 定制落款: an office's name set on a poster in the browser, pixel for pixel where the build's poster
 * engine would set it.
 *
 * The build drew each poster without its 落款 (the background) and published the 落款 slot of every
 * design and format (layout.slot_data), the face's advances, and the face itself cut into small WOFF2
 * slices with a map of which slice holds which character (see hooks/campaign/site/luokuan.py). This script
 * repeats layout.py's arithmetic for the 落款 line (Slot.size_for and _fill_slot, in the same order,
 * so it gets the same numbers) and draws each glyph on the whole pixel raster.glyph_origin names.
 * It fetches only the slices of the characters typed, and nothing from any other host.
 */
(function () {
  "use strict";

  var root = document.getElementById("luokuan");
  var dataNode = document.getElementById("luokuan-data");
  if (!root || !dataNode || !window.FontFace || !window.Promise) return;
  var data = JSON.parse(dataNode.textContent);
  var site = new URL((root.dataset.base || ".") + "/", document.baseURI);
  var folder = new URL(data.folder, site);
  var el = {};
  ["subject", "design", "format", "name", "canvas", "caption", "status", "download", "saved",
   "figure"].forEach(function (id) { el[id] = document.getElementById("luokuan-" + id); });

  function byId(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  // --- the face in slices -------------------------------------------------------------------------------

  var faces = {};

  function face(role) {
    if (!faces[role]) {
      var base = new URL(data.faces[role].folder, folder);
      var entry = faces[role] = { base: base, slices: {} };
      entry.map = fetch(new URL("map.json", base)).then(function (response) {
        if (!response.ok) throw new Error("map.json: HTTP " + response.status);
        return response.json();
      }).then(readMap);
      entry.map.catch(function () { delete faces[role]; });  // try again on the next change
    }
    return faces[role];
  }

  /* The slice map (font_slices.slice_map): a bitmap of the CJK ideographs the face has, one 16-bit slice
     number per covered ideograph, and runs of other code points. */
  function readMap(doc) {
    var bits = atob(doc.ideographs.bits), numbers = atob(doc.ideographs.slice);
    var table = new Int16Array(bits.length * 8).fill(-1);
    for (var k = 0, n = 0; k < table.length; k++) {
      if (bits.charCodeAt(k >> 3) >> (k & 7) & 1) {
        table[k] = numbers.charCodeAt(2 * n) | numbers.charCodeAt(2 * n + 1) << 8;
        n++;
      }
    }
    return { start: doc.ideographs.start, table: table, others: doc.others };
  }

  function sliceOf(map, char) {
    var code = char.codePointAt(0), k = code - map.start;
    if (k >= 0 && k < map.table.length) return map.table[k];
    var low = 0, high = map.others.length - 1;
    while (low <= high) {
      var middle = (low + high) >> 1, run = map.others[middle];
      if (code < run[0]) high = middle - 1;
      else if (code > run[1]) low = middle + 1;
      else return run[2];
    }
    return -1;
  }

  function family(role, number) {
    return "luokuan-" + role + "-" + number;
  }

  function loadSlice(role, number) {
    var entry = face(role);
    if (!entry.slices[number]) {
      var url = new URL(("00" + number).slice(-3) + ".woff2", entry.base);
      var font = new FontFace(family(role, number), "url(\"" + url.href + "\")");
      entry.slices[number] = font.load().then(function (loaded) {
        document.fonts.add(loaded);
        return loaded;
      });
      entry.slices[number].catch(function () { delete entry.slices[number]; });
    }
    return entry.slices[number];
  }

  // --- layout.py's arithmetic for the 落款 line -------------------------------------------------------------

  function normalise(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function advance(role, char) {
    var value = data.faces[role].advances[char];
    return value === undefined ? 1.0 : value;
  }

  /* Slot.size_for and _fill_slot: the largest size up to the slot's at which the text fits its width,
     refused below `min`; centred (or left, right) in the slot, the em box in the middle of the slot's.
     Sums run left to right like Python's sum() up to 3.11 (later versions add with compensation, which
     can move the last bit of a sum of non-integer advances: never a whole pixel but at an exact tie). */
  function setName(slot, text) {
    var role = slot.face, em = 0, chars = Array.from(text), mm = slot.mm;
    chars.forEach(function (char) { em += advance(role, char); });
    var size = Math.min(mm.size, mm.width / Math.max(em * 1.0, 1e-9));
    if (!(size >= slot.min - 1e-9)) return null;
    var width = em * size;
    var x = slot.align === "left" ? mm.x : slot.align === "right" ? mm.x + mm.width - width
      : mm.x + (mm.width - width) / 2;
    var top = mm.top + (mm.size - size) / 2;
    var baseline = top + slot.ascent * size;
    var glyphs = [];
    chars.forEach(function (char) {
      if (char !== " ") glyphs.push({ char: char, x: x, baseline: baseline });
      x += advance(role, char) * size;
    });
    return { size: size, glyphs: glyphs, role: role };
  }

  /* Python's round(value, 2): to the nearest hundredth of the exact binary value, an exact tie to even. */
  function round2(value) {
    var text = value.toFixed(60), point = text.indexOf(".");
    var kept = text.slice(0, point + 3), rest = text.slice(point + 3);
    var rounded = Number(kept);
    var tie = /^50*$/.test(rest), up = rest > "5" && !tie;
    if (tie) up = Number(kept.slice(-1)) % 2 === 1;
    if (up) rounded = Number((rounded + (value < 0 ? -0.01 : 0.01)).toFixed(2));
    return rounded;
  }

  /* raster.glyph_origin: the nearest whole pixel, exactly halfway going right and up. */
  function glyphOrigin(x, baseline) {
    return [Math.floor(x + 0.5), Math.ceil(baseline - 0.5)];
  }

  // --- drawing ------------------------------------------------------------------------------------------

  var images = {};

  /* The background as a Blob: fetched once, decoded (and for the preview resized) off the main thread by
     createImageBitmap; an A4 background is 9 million pixels, and decoding or scaling it while drawing held
     the page for a good part of a second on a phone. */
  function background(url) {
    if (!images[url]) {
      images[url] = window.fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url);
        return response.blob();
      });
      images[url].catch(function () { delete images[url]; });
    }
    return images[url];
  }

  /* The picture in `blob`, at its own size or resized to `size` ([width, height]). */
  function drawable(blob, size) {
    var options = size ? { resizeWidth: size[0], resizeHeight: size[1], resizeQuality: "high" } : {};
    try {
      return window.createImageBitmap(blob, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /* Draw the poster on `canvas` at `scale` canvas pixels per poster pixel. At scale 1 every glyph's
     origin is the pixel raster.py draws it at and its size Pillow's (round(em × dpi / 25.4, 2) px). */
  function drawPoster(canvas, poster, image, set, scale) {
    var context = canvas.getContext("2d");
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.imageSmoothingEnabled = scale !== 1;
    context.imageSmoothingQuality = "high";
    if (scale === 1) context.drawImage(image, 0, 0);
    else context.drawImage(image, 0, 0, canvas.width, canvas.height);
    if (!set) return;
    var perMm = poster.format.dpi / 25.4;
    var pixels = round2(set.size * perMm);
    context.fillStyle = poster.slot.colour;
    context.textBaseline = "alphabetic";
    context.textAlign = "left";
    context.direction = "ltr";
    if ("fontKerning" in context) context.fontKerning = "none";
    set.glyphs.forEach(function (glyph) {
      var x = glyph.x * perMm, y = glyph.baseline * perMm;
      if (scale === 1) {
        var origin = glyphOrigin(x, y);
        x = origin[0];
        y = origin[1];
      }
      context.font = pixels * scale + "px \"" + family(set.role, glyph.slice) + "\"";
      context.fillText(glyph.char, x * scale, y * scale);
    });
  }

  // --- what is chosen ---------------------------------------------------------------------------------------

  function chosen() {
    var subject = byId(data.subjects, el.subject.value), design = byId(data.designs, el.design.value);
    var format = byId(data.formats, el.format.value);
    var name = normalise(el.name.value);
    return {
      subject: subject, design: design, format: format, name: name, text: name || data.issuer,
      slot: data.slots[design.id][format.id],
      url: new URL(data.background.replace("{subject}", subject.id).replace("{format}", format.id)
        .replace("{design}", design.label ? "-" + design.label : ""), folder).href
    };
  }

  var FONTS_FAILED = "字体文件没有加载成功，请检查网络后再试（修改名称或重新选择格式即可重试）。";

  function codePoint(char) {
    return "U+" + ("000" + char.codePointAt(0).toString(16).toUpperCase()).slice(-4);
  }

  function mostCharacters(slot) {
    return Math.floor(slot.mm.width / slot.min + 1e-9);
  }

  /* Lay out the chosen poster's 落款 and fetch what drawing it needs: {set, image}, or {message, image}
     for a name that cannot be set (the poster is shown without it). */
  function prepare(poster) {
    function refuse(message) {
      return background(poster.url).then(function (image) {
        return { message: message, image: image };
      }, function () { return { message: message }; });
    }
    return face(poster.slot.face).map.then(function (map) {
      var missing = [];
      Array.from(poster.text).forEach(function (char) {
        if (char !== " " && sliceOf(map, char) < 0 && missing.indexOf(char) < 0) missing.push(char);
      });
      if (missing.length) {
        return refuse("海报字体中没有这些字：" + missing.map(function (char) {
          return "“" + char + "”（" + codePoint(char) + "）";
        }).join("、") + "。请改用常用字，或填写不含这些字的简称。");
      }
      var set = setName(poster.slot, poster.text);
      if (!set) {
        var most = mostCharacters(poster.slot);
        return refuse((poster.name ? "单位名称太长" : "默认落款“" + data.issuer + "”太长") + "：“" +
          poster.format.name + "”格式的落款最多约 " + most + " 个字。请填写简称，或换一种格式。");
      }
      set.glyphs.forEach(function (glyph) { glyph.slice = sliceOf(map, glyph.char); });
      var numbers = set.glyphs.map(function (glyph) { return glyph.slice; })
        .filter(function (number, index, all) { return all.indexOf(number) === index; });
      var fonts = Promise.all(numbers.map(function (number) { return loadSlice(set.role, number); }))
        .then(function (loaded) {
          // Never draw with a face that is not there: the canvas would quietly use a system font.
          if (loaded.some(function (font) { return font.status !== "loaded"; })) throw new Error("fonts");
        }).catch(function () { throw new Error("fonts"); });
      return Promise.all([background(poster.url), fonts]).then(function (done) {
        return { set: set, image: done[0] };
      }, function (error) {
        return error.message === "fonts" ? refuse(FONTS_FAILED) : { message: "海报底图没有加载成功，请检查网络后再试。" };
      });
    }, function () { return refuse(FONTS_FAILED); });
  }

  // --- the page ---------------------------------------------------------------------------------------------

  var generation = 0, last = null, shownWidth = 0;

  function describe(poster, ready) {
    var shown = ready.set ? "“" + poster.text + "”" : "（没有显示）";
    return "海报预览：" + (poster.subject.theme ? "活动主题 " : "") + poster.subject.text + "，" +
      poster.design.name + "，" + poster.format.name + "，落款" + shown;
  }

  function previewScale(poster) {
    var width = poster.format.pixels[0], height = poster.format.pixels[1];
    var room = el.figure.clientWidth || 300;
    var tallest = Math.max(200, window.innerHeight * (window.matchMedia("(min-width: 60em)").matches ? 0.62 : 0.5));
    var cssWidth = Math.min(room, tallest * width / height);
    el.canvas.style.width = cssWidth + "px";
    el.canvas.style.height = cssWidth * height / width + "px";
    return Math.min(1, cssWidth * (window.devicePixelRatio || 1) / width);
  }

  var previews = {};

  function previewOf(url, blob, width, height) {
    var key = url + " " + width + "x" + height;
    if (!previews[key]) {
      previews[key] = drawable(blob, [width, height]);
      previews[key].catch(function () { delete previews[key]; });
    }
    return previews[key];
  }

  var showing = 0;

  /* Show the poster in the preview; the promise settles once it is drawn. */
  function show(poster, ready) {
    var mine = ++showing;
    shownWidth = el.figure.clientWidth;
    var scale = previewScale(poster);
    var width = Math.max(1, Math.round(poster.format.pixels[0] * scale));
    var height = Math.max(1, Math.round(poster.format.pixels[1] * scale));
    el.caption.textContent = describe(poster, ready);
    var picture = ready.image ? previewOf(poster.url, ready.image, width, height) : Promise.resolve(null);
    return picture.then(function (image) {
      if (mine !== showing) return;  // a newer poster or width has taken over
      el.canvas.width = width;
      el.canvas.height = height;
      if (image) drawPoster(el.canvas, poster, image, ready.set, width / poster.format.pixels[0]);
    }, function () {
      if (mine === showing) say("这个浏览器不能显示海报预览，请换用新版本的浏览器。", true);
    });
  }

  function say(message, error) {
    if (el.status.textContent !== message) el.status.textContent = message;
    el.status.classList.toggle("luokuan__status--error", !!error);
    el.name.setAttribute("aria-invalid", error ? "true" : "false");
  }

  /* The button stays in the tab order while it cannot be used (aria-disabled, not disabled): a keyboard
     user who types a name and presses Tab before its characters' fonts arrive lands on it, not on the page. */
  function allowDownload(allowed) {
    el.download.setAttribute("aria-disabled", allowed ? "false" : "true");
  }

  function update() {
    var mine = ++generation, poster = chosen();
    el.saved.hidden = true;
    allowDownload(false);
    el.figure.setAttribute("aria-busy", "true");
    prepare(poster).then(function (ready) {
      if (mine !== generation) return;  // a newer choice or keystroke has taken over
      last = { poster: poster, ready: ready };
      if (ready.message) say(ready.message, true);
      else say(poster.name ? "" : "未填写时，落款为“" + data.issuer + "”。", false);
      allowDownload(!!ready.set);
      show(poster, ready).then(function () {
        if (mine !== generation) return;
        el.figure.removeAttribute("aria-busy");
        root.dataset.shown = JSON.stringify([poster.subject.id, poster.design.id, poster.format.id, poster.name]);
      });
    });
  }

  function fileName(poster) {
    var office = Array.from(poster.text.replace(/[\\/:*?"<>|\u0000-\u001f\u007f\s]/g, "")).slice(0, 40).join("");
    var design = poster.design.label ? "-" + poster.design.label : "";
    return poster.subject.id + "-" + poster.format.id + design + (office ? "-" + office : "") + ".png";
  }

  /* canvas.toBlob writes no resolution: a print format's PNG gets a pHYs chunk (pixels per metre) after
     its IHDR, as the build's PNGs have, so it opens and prints at its size. */
  var crcTable = null;

  function crc32(bytes) {
    if (!crcTable) {
      crcTable = new Uint32Array(256);
      for (var n = 0; n < 256; n++) {
        var c = n;
        for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        crcTable[n] = c >>> 0;
      }
    }
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 255] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function withResolution(blob, dpi) {
    return blob.arrayBuffer().then(function (buffer) {
      var png = new Uint8Array(buffer), perMetre = Math.round(dpi / 0.0254);
      var chunk = new Uint8Array(21), view = new DataView(chunk.buffer);
      view.setUint32(0, 9);
      chunk.set([0x70, 0x48, 0x59, 0x73], 4);  // "pHYs"
      view.setUint32(8, perMetre);
      view.setUint32(12, perMetre);
      chunk[16] = 1;  // unit: metre
      view.setUint32(17, crc32(chunk.subarray(4, 17)));
      var afterHeader = 8 + 8 + new DataView(buffer).getUint32(8) + 4;
      return new Blob([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)], { type: "image/png" });
    });
  }

  function download() {
    if (el.download.getAttribute("aria-disabled") === "true" || !last || !last.ready.set) return;
    var poster = last.poster, ready = last.ready, mine = generation;
    allowDownload(false);
    var canvas = document.createElement("canvas");
    canvas.width = poster.format.pixels[0];
    canvas.height = poster.format.pixels[1];
    drawable(ready.image).then(function (image) {
      return new Promise(function (resolve, reject) {
        drawPoster(canvas, poster, image, ready.set, 1);
        if (image.close) image.close();
        canvas.toBlob(function (blob) { if (blob) resolve(blob); else reject(new Error("toBlob")); }, "image/png");
      });
    }).then(function (blob) {
      return poster.format.print ? withResolution(blob, poster.format.dpi) : blob;
    }).then(function (blob) {
      canvas.width = canvas.height = 0;  // give the memory back (phones have little for canvases)
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName(poster);
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      var reader = new FileReader();  // a data: address, which the page's policy allows for images
      reader.onload = function () {
        if (mine !== generation) return;
        var image = el.saved.querySelector("img") || el.saved.appendChild(document.createElement("img"));
        image.alt = "生成的海报：" + poster.subject.text + "，落款“" + poster.text + "”";
        image.src = reader.result;
        el.saved.hidden = false;
      };
      reader.readAsDataURL(blob);
      if (mine === generation) allowDownload(true);
    }, function () {
      canvas.width = canvas.height = 0;
      say("这台设备没能生成这么大的图片，请换一种较小的格式再试。", true);
      if (mine === generation) allowDownload(true);
    });
  }

  // --- start ------------------------------------------------------------------------------------------------

  var asked = new URLSearchParams(window.location.search);
  [["subject", "slogan"], ["design", "design"], ["format", "format"]].forEach(function (pair) {
    var wanted = asked.get(pair[1]);
    if (wanted && el[pair[0]].querySelector("option[value=\"" + CSS.escape(wanted) + "\"]")) {
      el[pair[0]].value = wanted;
    }
  });
  el.name.addEventListener("input", update);
  ["subject", "design", "format"].forEach(function (id) { el[id].addEventListener("change", update); });
  el.download.addEventListener("click", download);
  // Redraw the preview when its column changes width (phone turned, 长辈版 switched), in the next frame.
  var redraw = function () {
    if (last && el.figure.clientWidth !== shownWidth) show(last.poster, last.ready);
  };
  var soon = function () { window.requestAnimationFrame(redraw); };
  if (window.ResizeObserver) new ResizeObserver(soon).observe(el.figure);
  else window.addEventListener("resize", soon);
  update();
})();
