// What each vendor's own page asks for, as the wizard shows it in place of a signed-JWT profile's
// fields (those go under "Advanced": the preset fills them right): Apple's Team ID, the .p8 file
// and its Key ID; GitHub's client ID, private key and installation. And the readings of what the
// vendor hands over: a Key ID from Apple's file name, an installation from its settings URL.
import { isApplePreset, type JwtPreset } from '../../../main/core/jwt-profile.js';

/** The vendor's words for what to have ready, in the order the wizard asks; none for a custom profile. */
export const VENDOR_ASKS: Readonly<Record<JwtPreset, readonly string[]>> = {
  'apple-music': ['your Team ID (Membership details in your Apple Developer account)', 'the private key Apple issued, the AuthKey_<Key ID>.p8 file (Keys, with MusicKit enabled)', 'its Key ID (read from the file name)'],
  'app-store-connect': ['the Issuer ID (Users and Access → Integrations → App Store Connect API)', 'the private key Apple issued, the AuthKey_<Key ID>.p8 file (downloadable once)', 'its Key ID (read from the file name)'],
  'github-app': ["the app's Client ID (or App ID), on its settings page", "a private key: Generate a private key there, and keep the .pem it downloads", 'the installation: its settings URL, or the number at its end'],
  'jwt-bearer': ['the token URL of the authorization server', 'the issuer (client or service account ID) the server knows', 'the private key, or a key made here whose public half you register'],
  'private-key-jwt': ['the token URL of the authorization server', 'the client ID', 'the private key, or a key made here whose public half you register'],
  custom: [],
};

/** The vendor issues the key (Apple): the key step imports its file and offers no key made here. */
export const vendorIssuesKey = (preset: JwtPreset) => isApplePreset(preset);

/** "AuthKey_2X9R4HXF34.p8" → "2X9R4HXF34": the Key ID Apple puts in the name of the file it issues. */
export function keyIdOfFileName(name: string): string | undefined {
  return /^AuthKey_([A-Za-z0-9]{1,64})\.p8$/.exec(name)?.[1];
}

/**
 * "https://github.com/settings/installations/12345678" (or an organization's
 * …/organizations/<org>/settings/installations/…) → "12345678". Anything else is left as typed.
 */
export function installationIdOf(text: string): string {
  const match = /^\s*(?:https?:\/\/)?(?:www\.)?github\.com\/(?:organizations\/[^/\s]+\/)?settings\/installations\/(\d+)\/?(?:[?#]\S*)?\s*$/i.exec(text);
  return match ? match[1]! : text;
}
