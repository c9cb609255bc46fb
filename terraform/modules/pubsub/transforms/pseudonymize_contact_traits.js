/**
 * Pub/Sub single message transform of the events topic's BigQuery subscription: replaces the
 * contact traits of every event of a batch (email, phone, pushToken, push_token; core's
 * ContactData.TRAITS) by the pseudonym the local warehouse writes, "sha256:" and the hex SHA-256
 * of the UTF-8 of the normalised value (e-mail lower-cased; a phone number without spaces,
 * brackets, dashes or dots), before the row lands in events_raw. A message that is not a JSON
 * batch is not the platform's and is dropped, so that nothing unparsed lands raw.
 *
 * ES5 only, no library: the UDF runtime offers no crypto module. Tested from Java against
 * ContactData.pseudonym (terraform module, ContactTraitsTransformTest).
 */
var CONTACT_TRAITS = ["email", "phone", "pushToken", "push_token"];

function pseudonymizeContactTraits(message, metadata) {
  var batch;
  try {
    batch = JSON.parse(message.data);
  } catch (notJson) {
    return null;
  }
  if (batch === null || typeof batch !== "object" || !(batch.events instanceof Array)) {
    return null;
  }
  var changed = false;
  for (var i = 0; i < batch.events.length; i++) {
    var traits = batch.events[i] && batch.events[i].traits;
    if (traits === null || typeof traits !== "object") {
      continue;
    }
    for (var t = 0; t < CONTACT_TRAITS.length; t++) {
      var value = traits[CONTACT_TRAITS[t]];
      if (typeof value === "string" && stripJava(value) !== "") {
        traits[CONTACT_TRAITS[t]] = contactPseudonym(value);
        changed = true;
      }
    }
  }
  // unchanged, the batch lands byte for byte as sent (JSON.stringify would round numbers past 2^53)
  return changed ? { data: JSON.stringify(batch), attributes: message.attributes } : message;
}

/** ContactData.pseudonym: the same normalisation, then SHA-256. */
function contactPseudonym(address) {
  var normalised = stripJava(address);
  if (normalised.indexOf("@") >= 0) {
    normalised = normalised.toLowerCase();
  } else if (normalised.charAt(0) === "+" || /^[0-9 ().-]+$/.test(normalised)) {
    normalised = normalised.replace(/[ ().-]/g, "");
  }
  return "sha256:" + sha256Hex(utf8(normalised));
}

/** Java's String.strip(): the characters Character.isWhitespace accepts, at both ends. */
function stripJava(s) {
  var space = "[\\t\\n\\u000B\\f\\r\\u001C-\\u001F \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000]";
  return s.replace(new RegExp("^" + space + "+|" + space + "+$", "g"), "");
}

function utf8(s) {
  var bytes = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      var low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      c = 0x3f; // a lone surrogate: '?', as Java's encoder writes it
    }
    if (c < 0x80) {
      bytes.push(c);
    } else if (c < 0x800) {
      bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      bytes.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 0x3f),
        0x80 | ((c >> 6) & 0x3f),
        0x80 | (c & 0x3f));
    }
  }
  return bytes;
}

var SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
];

function sha256Hex(bytes) {
  var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  var message = bytes.slice();
  var bitLength = bytes.length * 8;
  message.push(0x80);
  while (message.length % 64 !== 56) {
    message.push(0);
  }
  var high = Math.floor(bitLength / 0x100000000);
  message.push((high >>> 24) & 0xff, (high >>> 16) & 0xff, (high >>> 8) & 0xff, high & 0xff);
  message.push((bitLength >>> 24) & 0xff, (bitLength >>> 16) & 0xff, (bitLength >>> 8) & 0xff, bitLength & 0xff);
  var w = new Array(64);
  for (var block = 0; block < message.length; block += 64) {
    for (var i = 0; i < 16; i++) {
      var j = block + i * 4;
      w[i] = ((message[j] << 24) | (message[j + 1] << 16) | (message[j + 2] << 8) | message[j + 3]) >>> 0;
    }
    for (i = 16; i < 64; i++) {
      var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
      var sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      var choice = (e & f) ^ (~e & g);
      var t1 = (k + sum1 + choice + SHA256_K[i] + w[i]) >>> 0;
      var sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      var majority = (a & b) ^ (a & c) ^ (b & c);
      var t2 = (sum0 + majority) >>> 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
    h[5] = (h[5] + f) >>> 0;
    h[6] = (h[6] + g) >>> 0;
    h[7] = (h[7] + k) >>> 0;
  }
  var hex = "";
  for (i = 0; i < 8; i++) {
    hex += ("00000000" + h[i].toString(16)).slice(-8);
  }
  return hex;
}

function rotr(x, n) {
  return (x >>> n) | (x << (32 - n));
}
