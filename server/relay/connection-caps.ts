/**
 * Open relay connections per session and per client address. A person with
 * several tabs stays well under the caps; a script opening sockets in a loop
 * is closed with CloseCode.TooManyConnections instead of holding the server's
 * memory (each socket keeps a room and its buffers alive).
 */
export class ConnectionCaps {
  private readonly perSession = new Map<string, number>()
  private readonly perAddress = new Map<string, number>()

  constructor(private readonly limits: { perSession: number; perAddress: number }) {}

  /** Counts the connection in, or answers false (and counts nothing) if either cap is reached. */
  admit(sessionKey: string, address: string): boolean {
    if ((this.perSession.get(sessionKey) ?? 0) >= this.limits.perSession) return false
    if ((this.perAddress.get(address) ?? 0) >= this.limits.perAddress) return false
    this.perSession.set(sessionKey, (this.perSession.get(sessionKey) ?? 0) + 1)
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1)
    return true
  }

  /** Once per admitted connection, when it closes. */
  release(sessionKey: string, address: string): void {
    decrement(this.perSession, sessionKey)
    decrement(this.perAddress, address)
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const n = (counts.get(key) ?? 0) - 1
  if (n > 0) counts.set(key, n)
  else counts.delete(key)
}
