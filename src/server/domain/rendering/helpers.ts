import Handlebars from "handlebars";

/** A helper as the editor shows it. */
export interface TemplateHelperInfo {
  name: string;
  usage: string;
  description: string;
}

const DEFAULT_LOCALE = "en-US";
const DEFAULT_TIME_ZONE = "UTC";

export const TEMPLATE_HELPERS: readonly TemplateHelperInfo[] = [
  {
    name: "formatDate",
    usage: '{{formatDate signupDate "yyyy-MM-dd"}}  {{formatDate signupDate "long" locale="fr-FR" timeZone="Europe/Paris"}}',
    description:
      'Formats a date (Date, ISO string or epoch ms). Pattern tokens: yyyy yy MMMM MMM MM M dd d EEEE EEE HH H hh h mm ss a, text in single quotes; or a style "short" | "medium" | "long" | "full". Defaults: "yyyy-MM-dd", locale en-US, time zone UTC.',
  },
  {
    name: "formatNumber",
    usage: '{{formatNumber credits}}  {{formatNumber ratio 2 locale="de-DE"}}',
    description: "Formats a number with grouping; the optional second argument fixes the number of decimals.",
  },
  {
    name: "formatCurrency",
    usage: '{{formatCurrency amount "EUR"}}  {{formatCurrency amount "USD" locale="en-US"}}',
    description: "Formats an amount in a currency (ISO 4217 code, default EUR).",
  },
  {
    name: "default",
    usage: '{{default first_name "there"}}',
    description: "The value, or the fallback when the value is missing, null or empty.",
  },
  { name: "upper", usage: "{{upper plan}}", description: "UPPER CASE." },
  { name: "lower", usage: "{{lower email}}", description: "lower case." },
  { name: "capitalize", usage: "{{capitalize first_name}}", description: "First letter upper case, the rest unchanged." },
  {
    name: "eq",
    usage: '{{#if (eq plan "pro")}}…{{/if}}',
    description: "True when both values are equal (compared as strings when their types differ).",
  },
];

export const HELPER_NAMES: ReadonlySet<string> = new Set(TEMPLATE_HELPERS.map((h) => h.name));

/** Handlebars' own helpers; a mustache naming one is never a variable. */
export const BUILTIN_HELPER_NAMES: ReadonlySet<string> = new Set([
  "if",
  "unless",
  "each",
  "with",
  "lookup",
  "log",
  "helperMissing",
  "blockHelperMissing",
]);

export function isHelperName(name: string): boolean {
  return HELPER_NAMES.has(name) || BUILTIN_HELPER_NAMES.has(name);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function toText(value: unknown): string {
  return isMissing(value) ? "" : String(value);
}

function stringOption(hash: Record<string, unknown>, key: string, fallback: string): string {
  const value = hash[key];
  return typeof value === "string" && value !== "" ? value : fallback;
}

const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, create: () => T): T {
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = create();
    // Locales and currencies may come from recipient data: bound the cache.
    if (formatterCache.size >= 500) formatterCache.clear();
    formatterCache.set(key, formatter);
  }
  return formatter as T;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === "number" || typeof value === "string") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

const DATE_STYLES = new Set(["short", "medium", "long", "full"]);
const DATE_TOKENS = /yyyy|yy|MMMM|MMM|MM|M|dd|d|EEEE|EEE|HH|H|hh|h|mm|ss|a|'[^']*'/g;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** Runs per recipient: UTC parts come straight from the Date; other zones go through one cached Intl formatter. */
function dateParts(date: Date, timeZone: string): DateParts {
  if (timeZone === "UTC") {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      weekday: date.getUTCDay(),
    };
  }
  const formatter = cached(
    `parts|${timeZone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        hourCycle: "h23",
      }),
  ) as Intl.DateTimeFormat;
  const parts = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of formatter.formatToParts(date)) {
    if (part.type in parts) parts[part.type as keyof DateParts] = Number(part.value);
  }
  parts.weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  return parts;
}

const nameTables = new Map<string, string[]>();

/** Month (12) or weekday (7, Sunday first) names of a locale, computed once. */
function names(locale: string, kind: "month" | "weekday", width: "long" | "short"): string[] {
  const key = `${kind}|${width}|${locale}`;
  let table = nameTables.get(key);
  if (!table) {
    const formatter = new Intl.DateTimeFormat(locale, { [kind]: width, timeZone: "UTC" });
    table =
      kind === "month"
        ? Array.from({ length: 12 }, (_, m) => formatter.format(Date.UTC(2000, m, 15)))
        : Array.from({ length: 7 }, (_, d) => formatter.format(Date.UTC(2000, 0, 2 + d)));
    if (nameTables.size >= 500) nameTables.clear();
    nameTables.set(key, table);
  }
  return table;
}

const patternCache = new Map<string, string[]>();

function tokens(pattern: string): string[] {
  let list = patternCache.get(pattern);
  if (!list) {
    list = [];
    let cursor = 0;
    for (const match of pattern.matchAll(DATE_TOKENS)) {
      if (match.index > cursor) list.push(`'${pattern.slice(cursor, match.index)}'`);
      list.push(match[0]);
      cursor = match.index + match[0].length;
    }
    if (cursor < pattern.length) list.push(`'${pattern.slice(cursor)}'`);
    if (patternCache.size < 1000) patternCache.set(pattern, list);
  }
  return list;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDate(value: unknown, pattern: string, locale: string, timeZone: string): string {
  const date = toDate(value);
  if (!date) return toText(value);
  if (DATE_STYLES.has(pattern)) {
    const style = pattern as "short" | "medium" | "long" | "full";
    return cached(`d|${locale}|${timeZone}|${style}`, () => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone })).format(date);
  }
  const p = dateParts(date, timeZone);
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  let out = "";
  for (const token of tokens(pattern)) {
    switch (token) {
      case "yyyy":
        out += String(p.year);
        break;
      case "yy":
        out += pad(p.year % 100);
        break;
      case "MMMM":
        out += names(locale, "month", "long")[p.month - 1];
        break;
      case "MMM":
        out += names(locale, "month", "short")[p.month - 1];
        break;
      case "MM":
        out += pad(p.month);
        break;
      case "M":
        out += String(p.month);
        break;
      case "dd":
        out += pad(p.day);
        break;
      case "d":
        out += String(p.day);
        break;
      case "EEEE":
        out += names(locale, "weekday", "long")[p.weekday];
        break;
      case "EEE":
        out += names(locale, "weekday", "short")[p.weekday];
        break;
      case "HH":
        out += pad(p.hour);
        break;
      case "H":
        out += String(p.hour);
        break;
      case "hh":
        out += pad(hour12);
        break;
      case "h":
        out += String(hour12);
        break;
      case "mm":
        out += pad(p.minute);
        break;
      case "ss":
        out += pad(p.second);
        break;
      case "a":
        out += p.hour < 12 ? "AM" : "PM";
        break;
      default:
        out += token.slice(1, -1);
    }
  }
  return out;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Handlebars passes its options object after the parameters, so a parameter the template omitted is the options. */
function isOptions(value: unknown): value is Handlebars.HelperOptions {
  return typeof value === "object" && value !== null && "hash" in value && "name" in value;
}

function param(value: unknown): unknown {
  return isOptions(value) ? undefined : value;
}

function hashOf(...candidates: unknown[]): Record<string, unknown> {
  for (const candidate of candidates) if (isOptions(candidate)) return candidate.hash as Record<string, unknown>;
  return {};
}

function numberFormat(locale: string, digits: number | undefined): Intl.NumberFormat {
  return cached(
    `num|${locale}|${digits ?? ""}`,
    () => new Intl.NumberFormat(locale, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  );
}

// Fixed-arity functions (no rest arrays or closures): they run for every recipient.
const helpers: Record<string, (value?: unknown, second?: unknown, third?: unknown) => unknown> = {
  formatDate: (value, pattern, options) => {
    const hash = hashOf(pattern, options);
    const format = param(pattern);
    try {
      return formatDate(
        value,
        typeof format === "string" && format !== "" ? format : "yyyy-MM-dd",
        stringOption(hash, "locale", DEFAULT_LOCALE),
        stringOption(hash, "timeZone", DEFAULT_TIME_ZONE),
      );
    } catch {
      return toText(value);
    }
  },
  formatNumber: (value, decimals, options) => {
    const n = toNumber(value);
    if (n === undefined) return toText(param(value));
    try {
      return numberFormat(stringOption(hashOf(decimals, options), "locale", DEFAULT_LOCALE), toNumber(param(decimals))).format(n);
    } catch {
      return toText(value);
    }
  },
  formatCurrency: (value, currency, options) => {
    const n = toNumber(value);
    if (n === undefined) return toText(param(value));
    const code = param(currency);
    const iso = typeof code === "string" && code !== "" ? code.toUpperCase() : "EUR";
    const locale = stringOption(hashOf(currency, options), "locale", DEFAULT_LOCALE);
    try {
      return cached(`cur|${locale}|${iso}`, () => new Intl.NumberFormat(locale, { style: "currency", currency: iso })).format(n);
    } catch {
      return toText(value);
    }
  },
  default: (value, fallback) => {
    const v = param(value);
    return isMissing(v) ? param(fallback) : v;
  },
  upper: (value) => toText(param(value)).toUpperCase(),
  lower: (value) => toText(param(value)).toLowerCase(),
  capitalize: (value) => {
    const text = toText(param(value));
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  eq: (first, second) => {
    const a = param(first);
    const b = param(second);
    return a === b || (a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b));
  },
};

/** A Handlebars environment of its own (never the global one) with the template helpers registered. */
export function createHandlebarsEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn);
  return env;
}

export const KNOWN_HELPERS: Record<string, boolean> = Object.fromEntries(TEMPLATE_HELPERS.map((h) => [h.name, true]));
