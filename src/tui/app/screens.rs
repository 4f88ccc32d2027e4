//! The screens shown over the queue's list — the lookup (`L`), the failed
//! notifications (`F`), the backlog overview (`B`) — each over the one
//! opened before it, so that `Esc` goes back to it. The one on top takes the
//! keys and is drawn; the others keep their state (a lookup under the
//! backlog is read again when the store changes).

use super::LookupView;
use super::backlog::BacklogScreen;
use super::mail::MailView;

/// One screen over the list.
#[derive(Debug)]
pub enum Screen {
    Lookup(Box<LookupView>),
    Mail(MailView),
    Backlog(BacklogScreen),
    Enquiries(super::EnquiriesScreen),
}

/// The screens open, the shown one last (at most one of each kind).
#[derive(Debug, Default)]
pub struct Screens(Vec<Screen>);

macro_rules! kind {
    ($get:ident, $get_mut:ident, $variant:ident, $ty:ty) => {
        /// The screen of this kind, shown or under another.
        pub fn $get(&self) -> Option<&$ty> {
            self.0.iter().find_map(|s| match s {
                Screen::$variant(v) => {
                    let v: &$ty = v;
                    Some(v)
                }
                _ => None,
            })
        }

        /// The screen of this kind, to change.
        pub fn $get_mut(&mut self) -> Option<&mut $ty> {
            self.0.iter_mut().find_map(|s| match s {
                Screen::$variant(v) => {
                    let v: &mut $ty = v;
                    Some(v)
                }
                _ => None,
            })
        }
    };
}

impl Screens {
    kind!(lookup, lookup_mut, Lookup, LookupView);
    kind!(mail, mail_mut, Mail, MailView);
    kind!(backlog, backlog_mut, Backlog, BacklogScreen);
    kind!(enquiries, enquiries_mut, Enquiries, super::EnquiriesScreen);

    /// The screen on top, if any (none: the list).
    pub fn shown(&self) -> Option<&Screen> {
        self.0.last()
    }

    /// Whether only the list is shown.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Shows `screen` on top; one of its kind already open is replaced.
    pub fn open(&mut self, screen: Screen) {
        let same = std::mem::discriminant(&screen);
        self.0.retain(|s| std::mem::discriminant(s) != same);
        self.0.push(screen);
    }

    /// Puts `screen` where one of its kind is (read again underneath), or
    /// on top when there is none.
    pub fn refresh(&mut self, screen: Screen) {
        let same = std::mem::discriminant(&screen);
        match self
            .0
            .iter_mut()
            .find(|s| std::mem::discriminant(*s) == same)
        {
            Some(s) => *s = screen,
            None => self.0.push(screen),
        }
    }

    /// Leaves the screen on top (back to the one under it, or the list).
    pub fn close(&mut self) {
        self.0.pop();
    }

    /// Back to the list.
    pub fn close_all(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> Screen {
        Screen::Mail(MailView {
            rows: Vec::new(),
            selected: 0,
        })
    }

    #[test]
    fn each_screen_goes_back_to_the_one_under_it() {
        let mut s = Screens::default();
        assert!(s.is_empty());
        s.open(mail());
        s.open(Screen::Backlog(BacklogScreen::new(
            super::super::backlog::tests::sample(),
        )));
        assert!(matches!(s.shown(), Some(Screen::Backlog(_))));
        assert!(s.mail().is_some(), "the mail view is kept under it");
        s.close();
        assert!(matches!(s.shown(), Some(Screen::Mail(_))));
        // Opened again, a kind moves to the top, once.
        s.open(Screen::Backlog(BacklogScreen::new(
            super::super::backlog::tests::sample(),
        )));
        s.open(mail());
        assert!(matches!(s.shown(), Some(Screen::Mail(_))));
        s.close();
        assert!(matches!(s.shown(), Some(Screen::Backlog(_))));
        s.close_all();
        assert!(s.is_empty());
    }
}
