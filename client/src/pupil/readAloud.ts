/**
 * Read-aloud of the question with the browser's own speech synthesis (no download, works
 * offline with the system voices). British English first, since the criteria are written for it.
 */
export function readAloudAvailable(): boolean {
  return typeof window.speechSynthesis !== 'undefined' && typeof window.SpeechSynthesisUtterance !== 'undefined';
}

export function speak(text: string, onEnd: () => void): void {
  const synth = window.speechSynthesis;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || 'en-GB';
  const voice = synth.getVoices().find((candidate) => candidate.lang === utterance.lang);
  if (voice) utterance.voice = voice;
  utterance.rate = 0.95;
  utterance.onend = onEnd;
  utterance.onerror = onEnd;
  synth.speak(utterance);
}

export function stopSpeaking(): void {
  if (readAloudAvailable()) window.speechSynthesis.cancel();
}
