// Command-line flags with GALLEY_* environment fallbacks, and the --help text
// built from the same declarations, so a flag, its variable and its help line
// can never drift apart. Precedence: flag, then environment, then default.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace galley::app {

// Bad usage: main prints the message as one line and exits kExitUsage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;           // flag without dashes: "listen"
  std::string env;            // "GALLEY_LISTEN"; empty: no variable
  std::string default_value;  // shown in --help
  std::string help;
  bool is_switch = false;  // takes no value: --dry-run
};

class Options {
 public:
  Options(std::string command, std::string summary, std::vector<OptionSpec> specs);

  // Parses `args` (after the subcommand words). Returns false if --help was
  // asked for, after printing the help. Throws UsageError for unknown flags,
  // missing values or unexpected positional arguments beyond `max_positional`.
  bool Parse(const std::vector<std::string>& args, std::size_t max_positional = 0);

  std::string Get(const std::string& name) const;
  bool IsSet(const std::string& name) const;  // a switch given, or a value from flag or env
  int GetInt(const std::string& name, int min_value, int max_value) const;
  // The contents of the file the flag names. Throws UsageError naming the
  // flag when it cannot be read or is empty, so that a wrong path fails at
  // start rather than deep inside whatever consumes the file.
  std::string ReadFile(const std::string& name) const;
  const std::string& command() const { return command_; }
  const std::vector<std::string>& positional() const { return positional_; }

  std::string HelpText() const;

 private:
  const OptionSpec& Spec(const std::string& name) const;

  std::string command_;
  std::string summary_;
  std::vector<OptionSpec> specs_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace galley::app
