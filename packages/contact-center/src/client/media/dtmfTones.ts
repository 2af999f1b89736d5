/**
 * The call's digits (`0-9`, `*`, `#`, `w` a pause) as RTCDTMFSender tones (`w` is its `,`);
 * anything else is dropped.
 */
export function dtmfTones(digits: string): string {
  return digits
    .replace(/w/gi, ',')
    .replace(/[^0-9*#,ABCD]/gi, '')
    .toUpperCase();
}
