/** Sends the browser to a presigned download (an attachment: the page stays). */
export function navigateTo(url: string) {
  window.location.assign(url);
}
