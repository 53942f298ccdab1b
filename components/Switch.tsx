export interface SwitchProps {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** Id of an element that says more about the switch. */
  describedBy?: string;
}

/** An on/off switch: a real checkbox with `role="switch"`, so Space toggles it and forms still read it. */
export function Switch({ id, label, checked, onChange, disabled = false, describedBy }: SwitchProps) {
  return (
    <div class="switch">
      <label class="switch-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="switch-input"
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
    </div>
  );
}
