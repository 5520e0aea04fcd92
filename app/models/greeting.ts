/** How the pages greet the signed-in person: a brand-new account is welcomed, a returning one welcomed back. */
export function greetingFor(user: { isNewAccount: boolean }): 'Welcome' | 'Welcome back' {
  return user.isNewAccount ? 'Welcome' : 'Welcome back';
}
