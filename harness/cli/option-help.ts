// How --help describes an option's default: for people, not as JSON. Commander would print
// `(default: ["console","json",…])`, and a second default after a description that already names
// one (`(default: a free one) (default: 0)`).
import type { Option } from 'commander';

const humanValue = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value));

/** The option's description, with its default appended unless the description already says it. */
export function optionDescription(option: Option): string {
  const takesValue = option.required || option.optional;
  const saysDefault = /\(default\b/.test(option.description);
  if (!takesValue || option.defaultValue === undefined || saysDefault) return option.description;
  return `${option.description} (default: ${option.defaultValueDescription ?? humanValue(option.defaultValue)})`;
}
