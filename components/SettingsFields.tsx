import type { ComponentChildren, JSX } from 'preact';
import { i18n } from '#i18n';
import { SecretInput } from '@/components/SecretInput';
import { withElements } from '@/components/with-elements';
import { endpointPresets } from '@/utils/endpoints';
import { MAX_DOMAIN_HINT_WORDS, MAX_SENSITIVES, settingsFields, wordCount } from '@/utils/settings-schema';
import { fieldIds, sensitiveWords } from './settings-draft';

/** What every text field of the settings form takes. */
export interface FieldProps<T> {
  value: T;
  error?: string;
  onInput: (value: T) => void;
  onBlur: (event: FocusEvent) => void;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string');
  return present.length ? present.join(' ') : undefined;
}

/**
 * What ties a text control to its field: id, value, invalid state, and the descriptions it is read with
 * (the error first, then `described`), and the events that report back.
 */
function controlOf(id: string, { value, error, onInput, onBlur }: FieldProps<string>, ...described: string[]) {
  return {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(error && `${id}-error`, ...described),
    onInput: (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => onInput(event.currentTarget.value),
    onBlur,
  } as const;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

function Label({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <label class="label" for={id}>
      {children}
    </label>
  );
}

function Help({ id, text }: { id: string; text: string }) {
  return (
    <p id={`${id}-help`} class="hint">
      {text}
    </p>
  );
}

interface FieldFrameProps {
  id: string;
  label: string;
  help: string;
  error?: string;
  /** The control. */
  children: ComponentChildren;
  /** What goes between the error and the help, if anything. */
  extra?: ComponentChildren;
}

/** A labelled control, its error when it has one, and its help below. */
function FieldFrame({ id, label, help, error, children, extra }: FieldFrameProps) {
  return (
    <div class="field">
      <Label id={id}>{label}</Label>
      {children}
      <FieldError id={`${id}-error`} message={error} />
      {extra}
      <Help id={id} text={help} />
    </div>
  );
}

export function ApiKeyField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.apiKey;
  return (
    <div class="field" onFocusOut={onBlur}>
      <Label id={id}>{i18n.t('options.apiKey.label')}</Label>
      <SecretInput
        id={id}
        noun={i18n.t('options.apiKey.noun')}
        value={value}
        invalid={error !== undefined}
        describedBy={describedBy(`${id}-help`, error && `${id}-error`)}
        onInput={onInput}
      />
      <FieldError id={`${id}-error`} message={error} />
      <p id={`${id}-help`} class="hint">
        {withElements(i18n.t('options.apiKey.help', { apiKeys: '{apiKeys}' }), {
          apiKeys: <strong>{i18n.t('options.apiKey.helpApiKeys')}</strong>,
        })}{' '}
        <a class="link" href="https://www.alibabacloud.com/help/en/model-studio/get-api-key" target="_blank" rel="noreferrer">
          {i18n.t('options.apiKey.howTo')}
        </a>
      </p>
    </div>
  );
}

interface NameInputProps {
  id: string;
  field: FieldProps<string>;
  /** What the list offers, and the suffix of its id. */
  choices: { list: string; options: readonly { value: string; label: string }[] };
  inputMode?: 'url';
}

/** A name typed or picked from a list (an address, a model's name): no spelling fixes, no capitals, no autofill. */
function NameInput({ id, field, choices, inputMode }: NameInputProps) {
  const listId = `${id}-${choices.list}`;
  return (
    <>
      <input
        {...controlOf(id, field, `${id}-help`)}
        class="input"
        type="text"
        inputMode={inputMode}
        list={listId}
        spellcheck={false}
        autoCapitalize="off"
        autoComplete="off"
      />
      <datalist id={listId}>
        {choices.options.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </datalist>
    </>
  );
}

export function EndpointField(field: FieldProps<string>) {
  const id = fieldIds.endpoint;
  const normalized = settingsFields.endpoint.safeParse(field.value);
  const current = normalized.success ? normalized.data : field.value;
  const presets = (
    <div class="row row-tight" role="group" aria-label={i18n.t('options.endpoint.presets')}>
      {endpointPresets.map((preset) => (
        <button
          key={preset.url}
          type="button"
          class="button button-small"
          aria-pressed={current === preset.url}
          onClick={() => field.onInput(preset.url)}
        >
          {preset.label}
        </button>
      ))}
    </div>
  );
  return (
    <FieldFrame id={id} label={i18n.t('options.endpoint.label')} help={i18n.t('options.endpoint.help')} error={field.error} extra={presets}>
      <NameInput
        id={id}
        field={field}
        choices={{ list: 'presets', options: endpointPresets.map((preset) => ({ value: preset.url, label: preset.label })) }}
        inputMode="url"
      />
    </FieldFrame>
  );
}

export function ModelField(field: FieldProps<string>) {
  const id = fieldIds.model;
  return (
    <FieldFrame id={id} label={i18n.t('options.model.label')} help={i18n.t('options.model.help')} error={field.error}>
      <NameInput
        id={id}
        field={field}
        choices={{ list: 'choices', options: endpointPresets.map((preset) => ({ value: preset.model, label: preset.label })) }}
      />
    </FieldFrame>
  );
}

export function MonthlyLimitField(field: FieldProps<string>) {
  const id = fieldIds.monthlyLimit;
  return (
    <FieldFrame id={id} label={i18n.t('options.monthlyLimit.label')} help={i18n.t('options.monthlyLimit.help')} error={field.error}>
      {/* Text, not type="number": that hands "abc" or "1,000" to the page as "", which here means no limit. */}
      <input {...controlOf(id, field, `${id}-help`)} class="input" type="text" inputMode="numeric" autoComplete="off" />
    </FieldFrame>
  );
}

/** "12 / 50", or "12 / 200 words" when counting words. */
function Counter({ id, count, max, words = false }: { id: string; count: number; max: number; words?: boolean }) {
  return (
    <span id={id} class={count > max ? 'counter counter-over' : 'counter'}>
      {words ? i18n.t('options.counterWords', { count, max }) : i18n.t('options.counter', { count, max })}
    </span>
  );
}

interface CountedTextProps {
  id: string;
  label: string;
  help: string;
  rows: number;
  placeholder?: string;
  field: FieldProps<string>;
  count: { count: number; max: number; words?: boolean };
}

/** A text area with its help and a count of what it holds against the most it may. */
function CountedText({ id, label, help, rows, placeholder, field, count }: CountedTextProps) {
  return (
    <div class="field">
      <Label id={id}>{label}</Label>
      <textarea {...controlOf(id, field, `${id}-help`, `${id}-count`)} class="textarea" rows={rows} placeholder={placeholder} />
      <div class="field-meta">
        <Help id={id} text={help} />
        <Counter id={`${id}-count`} {...count} />
      </div>
      <FieldError id={`${id}-error`} message={field.error} />
    </div>
  );
}

export function DomainHintField(field: FieldProps<string>) {
  return (
    <CountedText
      id={fieldIds.domainHint}
      label={i18n.t('options.domainHint.label')}
      help={i18n.t('options.domainHint.help')}
      rows={3}
      placeholder={i18n.t('options.domainHint.placeholder')}
      field={field}
      count={{ count: wordCount(field.value), max: MAX_DOMAIN_HINT_WORDS, words: true }}
    />
  );
}

export function SensitiveWordsField(field: FieldProps<string>) {
  return (
    <CountedText
      id={fieldIds.sensitives}
      label={i18n.t('options.sensitives.label')}
      help={i18n.t('options.sensitives.help')}
      rows={4}
      field={field}
      count={{ count: sensitiveWords(field.value).length, max: MAX_SENSITIVES }}
    />
  );
}

export function AutoSitesField(field: FieldProps<string>) {
  const id = fieldIds.autoSites;
  return (
    <FieldFrame id={id} label={i18n.t('options.autoSites.label')} help={i18n.t('options.autoSites.help')} error={field.error}>
      <textarea
        {...controlOf(id, field, `${id}-help`)}
        class="textarea"
        rows={3}
        placeholder="manga.example"
        spellcheck={false}
        autoCapitalize="off"
      />
    </FieldFrame>
  );
}

export function TranslateEverythingField({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="field checkbox-field">
      <input
        id="translate-everything"
        class="checkbox"
        type="checkbox"
        checked={checked}
        aria-describedby="translate-everything-help"
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <div>
        <Label id="translate-everything">{i18n.t('options.translateEverything.label')}</Label>
        <Help id="translate-everything" text={i18n.t('options.translateEverything.help')} />
      </div>
    </div>
  );
}
