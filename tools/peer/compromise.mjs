#!/usr/bin/env node
// Peer harness for `crux bench --peer`: runs the npm package compromise over a
// PolNeAR-style text folder and writes what it finds as brat standoff files,
// so that crux's own scorer can measure it on exactly the texts crux is
// measured on.
//
// usage: node compromise.mjs --text DIR --out DIR [--min-ms 1000] [--no-source]
//
//   --text DIR    folder of NAME.txt articles (UTF-8)
//   --out DIR     where NAME.ann is written, one per article (created if needed)
//   --min-ms N    repeat the whole pass until N ms of processing have elapsed
//                 (default 1000; the first pass's output is the one written);
//                 before timing, the first three texts are analysed once,
//                 untimed, to warm up V8's JIT
//   --no-source   write Content spans only, no Source or Cue
//
// What compromise is asked: nlp(text).quotations(), its quotation detection
// (text between a pair of quote marks inside one sentence or a run of merged
// sentences). compromise has no attribution API: it does not say who a quote
// belongs to, and it finds no reported speech. As a fair best effort, this
// harness derives a speaker from compromise's own part-of-speech tags: in the
// sentence that holds the quotation, a speech verb (a root in SPEECH_ROOTS)
// outside the quote with a noun phrase just before it ("Zelensky said",
// "he added") or just after it ("said Hillary Clinton") gives the Source and
// the Cue. When there is no such verb, the quotation is written without a
// Source. This glue is ours; the tagging and the quotations are compromise's.
//
// Offsets: compromise reports UTF-16 code-unit offsets (JavaScript string
// indices); brat offsets in PolNeAR count Unicode code points, so every offset
// is converted before it is written.
//
// On stdout, one JSON object: articles, bytes (UTF-8 bytes of one pass), passes,
// bytes_processed, elapsed_ms (processing only: no file I/O), cpu_ms (node's
// process CPU time, user + system, over the same passes), mb_per_s,
// quotations, sources, and the versions. Progress goes to stderr.

import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import nlp from 'compromise'

const SPEECH_ROOTS = [
  'say', 'tell', 'add', 'write', 'state', 'claim', 'argue', 'explain', 'note',
  'insist', 'warn', 'ask', 'reply', 'respond', 'declare', 'announce', 'deny',
  'admit', 'suggest', 'continue', 'recall', 'acknowledge', 'report', 'tweet',
  'allege', 'accuse', 'believe', 'think', 'predict', 'promise',
]

// speechForms lists every single-word form of SPEECH_ROOTS, conjugated by
// compromise itself (its match syntax has {root} but no alternation of roots).
function speechForms() {
  const forms = new Set()
  for (const r of SPEECH_ROOTS) {
    const conj = nlp(r).tag('Verb').verbs().conjugate()[0] || {}
    for (const v of [r, ...Object.values(conj)]) {
      if (typeof v === 'string' && /^[a-z]+$/.test(v)) forms.add(v)
    }
  }
  return forms
}
const FORMS = speechForms()
const VERB = '(' + [...FORMS].join('|') + ')'
const NP = '#Determiner? (#Person|#ProperNoun|#Organization|#Pronoun|#Noun|#Acronym)+'
// "Zelensky said", "the White House spokesman Josh Earnest said", "he added"
const BEFORE = `${NP} #Adverb? ${VERB}`
// "said Hillary Clinton": only right after a quotation (see analyse).
const AFTER = `${VERB} ${NP}`
const BREAK = /[,;:.!?"\u201c\u201d\u2018\u2019()\u2014]/

function usage(msg) {
  if (msg) process.stderr.write(`compromise.mjs: ${msg}\n`)
  process.stderr.write('usage: node compromise.mjs --text DIR --out DIR [--min-ms 1000] [--no-source]\n')
  process.exit(2)
}

function parseArgs(argv) {
  const o = { text: '', out: '', minMs: 1000, source: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      return argv[++i]
    }
    switch (a) {
      case '--text': o.text = val(); break
      case '--out': o.out = val(); break
      case '--min-ms': {
        o.minMs = Number(val())
        if (!Number.isFinite(o.minMs) || o.minMs < 0) usage('--min-ms must be a number ≥ 0')
        break
      }
      case '--no-source': o.source = false; break
      case '-h': case '--help': usage('')
      // falls through (usage exits)
      default: usage(`unknown argument ${JSON.stringify(a)}`)
    }
  }
  if (!o.text || !o.out) usage('--text and --out are required')
  return o
}

// codePointIndex returns an array mapping each UTF-16 index of s (0..length)
// to the number of code points before it.
function codePointIndex(s) {
  const idx = new Uint32Array(s.length + 1)
  let cp = 0
  for (let i = 0; i < s.length; i++) {
    idx[i] = cp
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        idx[i + 1] = cp + 1 // inside a pair: count it with the pair's end
        i++
      }
    }
    cp++
  }
  idx[s.length] = cp
  return idx
}

// span returns [start, end) in UTF-16 units of a list of terms, from the
// first term's text to the last term's text (quote marks and punctuation sit
// in the terms' pre/post and are left out).
function span(terms) {
  const first = terms[0]
  const last = terms[terms.length - 1]
  return [first.offset.start, last.offset.start + last.text.length]
}

// candidates returns the (speaker, cue) pairs of a document, as UTF-16
// spans with their sentence number, found with compromise's tags.
function candidates(doc) {
  const out = []
  for (const [pattern, after] of [[BEFORE, false], [AFTER, true]]) {
    for (const terms of doc.match(pattern).docs) {
      const k = terms.findIndex(t => FORMS.has(t.normal))
      if (k < 0) continue
      let who = after ? terms.slice(k + 1) : terms.slice(0, k)
      who = who.filter(t => !t.tags.has('Adverb'))
      // A noun phrase does not run across punctuation: "... until spring,"
      // Mayor Ana Ruiz said" gives "Mayor Ana Ruiz".
      if (after) {
        const stop = who.findIndex(t => BREAK.test(t.post))
        if (stop >= 0) who = who.slice(0, stop + 1)
      } else {
        for (let j = who.length - 2; j >= 0; j--) {
          if (BREAK.test(who[j].post)) {
            who = who.slice(j + 1)
            break
          }
        }
      }
      if (!who.length) continue
      out.push({ sentence: terms[0].index[0], who: span(who), cue: span([terms[k]]), after })
    }
  }
  return out
}

// analyse returns the attributions compromise finds in one text, as UTF-16
// spans: {content, source, cue} (source and cue may be null).
function analyse(text, withSource) {
  const doc = nlp(text)
  const quotes = doc.quotations()
  if (!quotes.found) return []
  doc.compute('offset')
  const cands = withSource ? candidates(doc) : []
  const out = []
  for (const qt of quotes.docs) {
    if (!qt.length) continue
    const content = span(qt)
    const sentences = new Set(qt.map(t => t.index[0]))
    const a = { content, source: null, cue: null }
    let best = null
    for (const c of cands) {
      if (!sentences.has(c.sentence)) continue
      const inside = s => s[0] < content[1] && s[1] > content[0]
      if (inside(c.who) || inside(c.cue)) continue
      // An inverted "said X" must follow the quotation's closing mark.
      if (c.after && (c.cue[0] < content[1] || !/^[\s,.;:!?"'\u201c\u201d\u2019]*$/.test(text.slice(content[1], c.cue[0])))) continue
      const dist = c.cue[0] >= content[1] ? c.cue[0] - content[1] : content[0] - c.cue[1]
      if (!best || dist < best.dist) best = { dist, ...c }
    }
    if (best) {
      a.source = best.who
      a.cue = best.cue
    }
    out.push(a)
  }
  return out
}

function brat(text, attrs) {
  const idx = codePointIndex(text)
  const cps = Array.from(text)
  const lines = []
  let t = 0
  const tline = (type, s) => {
    const a = idx[s[0]]
    const b = idx[s[1]]
    const words = cps.slice(a, b).join('').replace(/[\r\n\t]/g, ' ')
    t++
    lines.push(`T${t}\t${type} ${a} ${b}\t${words}`)
    return `T${t}`
  }
  attrs.forEach((at, i) => {
    const content = tline('Content', at.content)
    const parts = []
    // brat's event needs a trigger: the cue when known, else the content.
    const trigger = tline('Attribution', at.cue || at.content)
    parts.push(`Attribution:${trigger}`, `Content:${content}`)
    if (at.source) parts.push(`Source:${tline('Source', at.source)}`)
    if (at.cue) parts.push(`Cue:${tline('Cue', at.cue)}`)
    lines.push(`E${i + 1}\t${parts.join(' ')}`)
  })
  return lines.length ? lines.join('\n') + '\n' : ''
}

function version() {
  try {
    const require = createRequire(import.meta.url)
    return require('compromise/package.json').version
  } catch {
    return nlp.version || 'unknown'
  }
}

function main() {
  const o = parseArgs(process.argv.slice(2))
  let names
  try {
    names = fs.readdirSync(o.text).filter(f => f.endsWith('.txt')).sort()
  } catch (e) {
    process.stderr.write(`compromise.mjs: reading ${o.text}: ${e.message}\n`)
    process.exit(1)
  }
  if (!names.length) {
    process.stderr.write(`compromise.mjs: no .txt files in ${o.text}\n`)
    process.exit(1)
  }
  fs.mkdirSync(o.out, { recursive: true })
  const texts = names.map(n => {
    const buf = fs.readFileSync(path.join(o.text, n))
    return { name: n.slice(0, -4), text: buf.toString('utf8'), bytes: buf.length }
  })
  const bytes = texts.reduce((s, t) => s + t.bytes, 0)

  // Warm up the JIT on a few texts, untimed, so that the timed passes
  // measure compromise rather than V8's first compilation of it.
  for (const t of texts.slice(0, 3)) analyse(t.text, o.source)

  let elapsed = 0
  let cpu = 0
  let passes = 0
  let quotations = 0
  let sources = 0
  do {
    const results = []
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    for (const t of texts) results.push(analyse(t.text, o.source))
    elapsed += Number(process.hrtime.bigint() - t0) / 1e6
    const c1 = process.cpuUsage(c0)
    cpu += (c1.user + c1.system) / 1000
    if (passes === 0) {
      results.forEach((attrs, i) => {
        quotations += attrs.length
        sources += attrs.filter(a => a.source).length
        fs.writeFileSync(path.join(o.out, texts[i].name + '.ann'), brat(texts[i].text, attrs))
      })
    }
    passes++
    process.stderr.write(`compromise: pass ${passes}: ${texts.length} articles, ${(elapsed / 1000).toFixed(2)} s so far\n`)
  } while (elapsed < o.minMs)

  const res = {
    tool: 'compromise',
    version: version(),
    node: process.version,
    articles: texts.length,
    bytes,
    passes,
    bytes_processed: bytes * passes,
    elapsed_ms: Math.round(elapsed * 1000) / 1000,
    cpu_ms: Math.round(cpu * 1000) / 1000,
    mb_per_s: (bytes * passes) / 1e6 / (elapsed / 1000),
    quotations,
    sources,
    source_rule: o.source ? 'speech verb next to a noun phrase in the quotation\'s sentence (compromise tags)' : 'none',
  }
  process.stdout.write(JSON.stringify(res) + '\n')
}

main()
