/** Why a form's request failed (or what it is missing), announced where the form is; nothing when all is well. */
export function FormError({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null
}
