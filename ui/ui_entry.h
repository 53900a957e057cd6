/* ui_entry.h - the wizard's entry point (no curses here).
 *
 * The CLI calls hk_ui_main() when `heiiki` runs without a subcommand.
 * Options: --color=auto|never|always, --script FILE (scripted keys),
 * --dump FILE (screen dumps), --state-dir DIR, --trace FILE, --ca-bundle FILE,
 * --minimal-size WxH.
 * Environment: HEIIKI_UI_SCRIPT, HEIIKI_UI_DUMP, NO_COLOR.
 * Returns 0 when the flow ended or the user quit, 2 on a usage problem
 * (including no terminal), 1 on a fatal error. */
#ifndef UI_ENTRY_H
#define UI_ENTRY_H

int hk_ui_main(int argc, char **argv);

#endif
