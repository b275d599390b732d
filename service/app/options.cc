#include "app/options.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace galley::app {

Options::Options(std::string command, std::string summary, std::vector<OptionSpec> specs)
    : command_(std::move(command)), summary_(std::move(summary)), specs_(std::move(specs)) {
  specs_.push_back({"help", "", "", "show this help and exit", true});
}

const OptionSpec& Options::Spec(const std::string& name) const {
  for (const auto& spec : specs_) {
    if (spec.name == name) return spec;
  }
  throw UsageError("galley " + command_ + ": unknown flag --" + name + " (see --help)");
}

bool Options::Parse(const std::vector<std::string>& args, std::size_t max_positional) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      if (positional_.size() >= max_positional) {
        throw UsageError("galley " + command_ + ": unexpected argument '" + arg + "' (see --help)");
      }
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const OptionSpec& spec = Spec(name);
    if (spec.is_switch) {
      if (has_value) throw UsageError("galley " + command_ + ": --" + name + " takes no value");
      values_[name] = "true";
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) throw UsageError("galley " + command_ + ": --" + name + " needs a value");
      value = args[++i];
    }
    values_[name] = value;
  }
  if (values_.count("help") > 0) {
    std::cout << HelpText();
    return false;
  }
  return true;
}

std::string Options::Get(const std::string& name) const {
  const OptionSpec& spec = Spec(name);
  if (const auto it = values_.find(name); it != values_.end()) return it->second;
  if (!spec.env.empty()) {
    if (const char* value = std::getenv(spec.env.c_str()); value != nullptr && *value != '\0') return value;
  }
  return spec.default_value;
}

bool Options::IsSet(const std::string& name) const {
  const OptionSpec& spec = Spec(name);
  if (values_.count(name) > 0) return true;
  if (spec.env.empty()) return false;
  const char* value = std::getenv(spec.env.c_str());
  if (value == nullptr || *value == '\0') return false;
  if (!spec.is_switch) return true;
  const std::string text = value;
  return text == "1" || text == "true" || text == "yes";
}

int Options::GetInt(const std::string& name, int min_value, int max_value) const {
  const std::string text = Get(name);
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value < min_value || value > max_value) {
    throw UsageError("galley " + command_ + ": --" + name + " must be a whole number from " +
                     std::to_string(min_value) + " to " + std::to_string(max_value) + ", got '" + text + "'");
  }
  return static_cast<int>(value);
}

std::string Options::ReadFile(const std::string& name) const {
  const std::string path = Get(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError("galley " + command_ + ": --" + name + ": cannot read '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  // A directory opens but does not read.
  if (in.bad() || text.str().empty()) {
    throw UsageError("galley " + command_ + ": --" + name + ": '" + path + "' is empty or not a file");
  }
  return text.str();
}

std::string Options::HelpText() const {
  std::string text = "usage: galley " + command_ + " [flags]\n\n" + summary_ + "\n\nflags:\n";
  for (const auto& spec : specs_) {
    std::string line = "  --" + spec.name + (spec.is_switch ? "" : " VALUE");
    if (line.size() < 28) line.resize(28, ' ');
    text += line + ' ' + spec.help;
    if (!spec.default_value.empty()) text += " (default: " + spec.default_value + ")";
    if (!spec.env.empty()) text += " [env " + spec.env + "]";
    text += '\n';
  }
  return text;
}

}  // namespace galley::app
