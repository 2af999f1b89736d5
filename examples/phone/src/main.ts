// The phone page's script: registers the number the user enters with the contact center that
// serves this page (?server=http://host:port points elsewhere) and answers its calls.
import { createCallMedia, createPhoneClient } from '@switchboard/contact-center';
import { mountPhonePage } from './PhonePage';

const serverUrl = new URLSearchParams(location.search).get('server') || location.origin;
const root = document.getElementById('phone');
if (root) {
  mountPhonePage(root, {
    connect: (number) => createPhoneClient({ serverUrl, number }),
    createCallMedia,
    defaultNumber: new URLSearchParams(location.search).get('number') ?? undefined,
  });
}
