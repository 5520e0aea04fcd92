// Tells the server the browser's time zone through the `tz` cookie (read by getTimeZone), so that
// dates are rendered in it from the next request on. Inline, so it runs before hydration.
const SCRIPT = `try{var v=encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone||''),m=document.cookie.match(/(?:^|;\\s*)tz=([^;]*)/);if(v&&(!m||m[1]!==v))document.cookie='tz='+v+'; path=/; max-age=31536000; samesite=lax'}catch(e){}`;

export function TimeZoneCookie({ nonce }: { nonce: string }) {
  // The browser hides the nonce after checking it, so hydration would see it change: expected.
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
