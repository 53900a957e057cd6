/* main.c - argument parsing and subcommand dispatch (filled in by the CLI work). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
  if(argc > 1 && strcmp(argv[1], "--version") == 0) {
    printf("heiiki %s\n", HK_VERSION);
    return 0;
  }
  fprintf(stderr, "heiiki: usage: heiiki [--version]\n");
  return 2;
}
